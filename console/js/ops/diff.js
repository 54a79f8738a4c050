// A line diff of two texts (the canonical request or string to sign the server computed, and the
// one the client signed), for showing them side by side with the differences marked. Texts are
// a few lines, so the quadratic LCS is fine.

// -> [{left: string|null, right: string|null, same: boolean}] in order, aligned.
export function diffLines(a, b) {
  const x = a.split("\n");
  const y = b.split("\n");
  const n = x.length;
  const m = y.length;
  const lcs = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const rows = [];
  let i = 0;
  let j = 0;
  const pendingLeft = [];
  const pendingRight = [];
  const flush = () => {
    // A removed line and an added one at the same place are one changed line.
    while (pendingLeft.length || pendingRight.length) {
      rows.push({ left: pendingLeft.shift() ?? null, right: pendingRight.shift() ?? null,
        same: false });
    }
  };
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      flush();
      rows.push({ left: x[i], right: y[j], same: true });
      i++;
      j++;
    } else if (j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) {
      pendingLeft.push(x[i++]);
    } else {
      pendingRight.push(y[j++]);
    }
  }
  flush();
  return rows;
}

// The part of `a` that differs from `b`: [prefix, changed, suffix] of `a`.
export function changedSpan(a, b) {
  if (a === null || b === null) return ["", a ?? "", ""];
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  return [a.slice(0, p), a.slice(p, a.length - s), a.slice(a.length - s)];
}
