// The upload panel of the object browser: drop files or a folder (or choose them), optional
// metadata and tags, a progress bar per file and one overall. Files go to the current folder,
// a dropped folder's files keep their relative paths.
import { describeError, notify } from "../api.js";
import { el, humanSize } from "../dom.js";
import { droppedFiles } from "../drop.js";
import { uploadFile, uploadHeaders } from "../upload.js";

// "name=value" lines into {name: value}; throws on a line without "=".
function pairs(text, what) {
  const out = {};
  for (const line of text.split("\n").map((l) => l.trim()).filter(Boolean)) {
    const eq = line.indexOf("=");
    if (eq <= 0) throw new Error(`${what}: “${line}” is not name=value`);
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

export function uploadPanel(bucket, prefix, onDone) {
  const list = el("div", { class: "uploads", role: "region", "aria-label": "Uploads" });
  const overallBar = el("progress", { max: 1, value: 0, "aria-label": "Overall upload progress" });
  const overallText = el("span", { class: "muted", id: "overall-text" });
  const overall = el("div", { class: "overall", hidden: true },
    el("div", {}, "All files: ", overallText), overallBar);
  const filesInput = el("input", { type: "file", id: "upload-files", multiple: true });
  const folderInput = el("input", { type: "file", id: "upload-folder", webkitdirectory: true });
  const meta = el("textarea", { id: "upload-meta", rows: 2, spellcheck: "false",
    placeholder: "owner=alice" });
  const tags = el("textarea", { id: "upload-tags", rows: 2, spellcheck: "false",
    placeholder: "project=demo" });
  const zone = el("div", { class: "dropzone", id: "dropzone" },
    "Drop files or a folder here to upload them to ", el("code", {}, `${bucket}/${prefix}`),
    el("div", { class: "toolbar" },
      el("label", { for: "upload-files" }, "Choose files", filesInput),
      el("label", { for: "upload-folder" }, "Choose a folder", folderInput)));

  async function start(items) {
    if (items.length === 0) return;
    let headersFor;
    try {
      const metadata = pairs(meta.value, "Metadata");
      const tagSet = pairs(tags.value, "Tags");
      headersFor = (file) => uploadHeaders(file, { metadata, tags: tagSet });
      items.forEach(({ file }) => headersFor(file));
    } catch (err) {
      notify(describeError(err), "error");
      return;
    }
    const total = items.reduce((a, { file }) => a + file.size, 0) || 1;
    const done = new Array(items.length).fill(0);
    overall.hidden = false;
    const showOverall = () => {
      const sent = done.reduce((a, b) => a + b, 0);
      overallBar.value = sent / total;
      overallText.textContent = `${Math.round((100 * sent) / total)}% (${humanSize(sent)} of ` +
        `${humanSize(total)})`;
    };
    showOverall();
    const rows = items.map(({ file, path }) => {
      const bar = el("progress", { max: 1, value: 0, "aria-label": `Progress of ${path}` });
      const text = el("span", { class: "muted pct" }, "0%");
      const row = el("div", { class: "upload-row", dataset: { key: prefix + path } },
        el("span", { class: "name" }, path), text, bar);
      list.append(row);
      return { bar, text, row };
    });
    let failures = 0;
    // Two files at a time: enough to keep the connection busy, few enough to show progress.
    let next = 0;
    async function worker() {
      while (next < items.length) {
        const i = next++;
        const { file, path } = items[i];
        const { bar, text, row } = rows[i];
        try {
          await uploadFile(bucket, prefix + path, file, {
            headers: headersFor(file),
            onProgress: (sent) => {
              done[i] = Math.min(sent, file.size);
              bar.value = file.size ? done[i] / file.size : 1;
              text.textContent = `${Math.round(bar.value * 100)}%`;
              showOverall();
            },
          });
          done[i] = file.size;
          bar.value = 1;
          text.textContent = "100% — done";
          row.dataset.state = "done";
        } catch (err) {
          failures++;
          row.dataset.state = "failed";
          text.textContent = `failed: ${describeError(err)}`;
          text.className = "error";
        }
        showOverall();
      }
    }
    await Promise.all([worker(), worker()]);
    if (failures === 0) overallBar.value = 1;
    showOverall();
    notify(failures ? `${failures} of ${items.length} upload(s) failed.`
      : `Uploaded ${items.length} file(s).`, failures ? "error" : "ok");
    onDone();
  }

  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", async (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    start(await droppedFiles(e.dataTransfer));
  });
  filesInput.addEventListener("change", () => {
    start([...filesInput.files].map((f) => ({ file: f, path: f.name })));
    filesInput.value = "";
  });
  folderInput.addEventListener("change", () => {
    start([...folderInput.files].map((f) => ({ file: f, path: f.webkitRelativePath || f.name })));
    folderInput.value = "";
  });

  return el("section", { class: "card upload", "aria-labelledby": "upload-title" },
    el("h2", { id: "upload-title" }, "Upload"), zone,
    el("details", {}, el("summary", {}, "Metadata and tags for the next uploads"),
      el("div", { class: "toolbar" },
        el("label", { for: "upload-meta", class: "grow" }, "Metadata (one name=value a line)", meta),
        el("label", { for: "upload-tags", class: "grow" }, "Tags (one key=value a line)", tags))),
    overall, list);
}
