// What a drop holds, as {file, path} pairs: a dropped folder is walked (FileSystemEntry API,
// webkitGetAsEntry) and its files keep their paths under the folder's name ("holiday/a.jpg",
// "holiday/day2/b.jpg"), so that they upload under the folder's prefix; plain files are their
// names. A directory reader answers in batches (Chromium: 100 entries at most), so it is read
// until it answers an empty batch.

const fileOf = (entry) => new Promise((resolve, reject) => entry.file(resolve, reject));
const batchOf = (reader) => new Promise((resolve, reject) => reader.readEntries(resolve, reject));

// Every file under an entry, depth first, with its path from the drop.
export async function walkEntry(entry, path = "", out = []) {
  if (entry.isFile) {
    out.push({ file: await fileOf(entry), path: path + entry.name });
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await batchOf(reader);
      if (batch.length === 0) break;
      for (const child of batch) await walkEntry(child, `${path}${entry.name}/`, out);
    }
  }
  return out;
}

export async function droppedFiles(dataTransfer) {
  // Entries must be taken synchronously, before the first await: the drop's items are emptied
  // once the event handler returns.
  const entries = [...dataTransfer.items].map((i) => i.webkitGetAsEntry?.()).filter(Boolean);
  if (entries.length === 0) return [...dataTransfer.files].map((f) => ({ file: f, path: f.name }));
  const out = [];
  for (const e of entries) await walkEntry(e, "", out);
  return out;
}
