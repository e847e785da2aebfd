/**
 * The draft list's model, apart from the DOM: order, filter, the rows in
 * view, labels, and where a key moves the selection.
 */
import type { DraftSummary } from "./ipc";

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Relative time for recent changes, a date for older ones. */
export function modifiedLabel(ms: number, now = Date.now()): string {
  const s = Math.round((now - ms) / 1000);
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return timeFormat.format(new Date(ms));
}

/** The list's order (the backend's): newest first, then by path. */
export function newestFirst(a: DraftSummary, b: DraftSummary): number {
  return b.modified_ms - a.modified_ms || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}

/** `drafts` with `listed` put in (replacing the same paths) and `removed` taken out, newest first. */
export function withChange(
  drafts: readonly DraftSummary[],
  listed: readonly DraftSummary[],
  removed: readonly string[],
): DraftSummary[] {
  const gone = new Set(removed);
  for (const d of listed) gone.add(d.path);
  return drafts
    .filter((d) => !gone.has(d.path))
    .concat(listed)
    .sort(newestFirst);
}

/** True when every word of `query` is in the title, path or date. */
export function matchesFilter(d: DraftSummary, query: string): boolean {
  const hay = `${d.title} ${d.path} ${d.date ?? ""}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

/**
 * The rows to draw for a list of `count` rows of `rowHeight` pixels seen
 * through a window `height` pixels tall scrolled to `top`: those in view
 * plus `overscan` on each side, as [first, end).
 */
export function rowsInView(
  count: number,
  rowHeight: number,
  top: number,
  height: number,
  overscan = 10,
): [number, number] {
  if (count === 0 || rowHeight <= 0) return [0, Math.min(count, 2 * overscan)];
  // Scrolled past the end (the list just got shorter): the last rows.
  top = Math.max(0, Math.min(top, count * rowHeight - height));
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const end = Math.min(
    count,
    Math.ceil((top + Math.max(height, rowHeight)) / rowHeight) + overscan,
  );
  return [Math.min(first, end), end];
}

/**
 * The draft list. It draws only the rows in view (and a few around them):
 * a folder of 10,000 drafts costs a few dozen DOM nodes, the list's scroll
 * height stands for the rest. Rows are keyed by path and reused.
 */
/** How long typed letters add up to one type-ahead prefix. */
export const TYPE_AHEAD_MS = 700;

/**
 * The row a key moves the list's selection to (from row `at`, -1 for
 * none): arrows one row, Page Up/Down ten, Home and End the ends, and
 * letters typed in a row (`typed`) the next title starting with them (the
 * current row first while the prefix grows). `null`: not the list's key.
 */
export function keyTarget(
  drafts: { title: string }[],
  at: number,
  key: string,
  typed: string,
): number | null {
  const last = drafts.length - 1;
  if (last < 0) return null;
  const clamp = (i: number) => Math.max(0, Math.min(last, i));
  switch (key) {
    case "ArrowDown":
      return clamp(at + 1);
    case "ArrowUp":
      return clamp(at - 1);
    case "PageDown":
      return clamp(at + 10);
    case "PageUp":
      return clamp(at - 10);
    case "Home":
      return 0;
    case "End":
      return last;
  }
  if (!typed) return null;
  const prefix = typed.toLocaleLowerCase();
  // A growing prefix may still fit the current row; one letter moves on.
  const from = typed.length > 1 ? Math.max(at, 0) : at + 1;
  for (let k = 0; k <= last; k++) {
    const i = (from + k) % drafts.length;
    if (drafts[i].title.toLocaleLowerCase().startsWith(prefix)) return i;
  }
  return at >= 0 ? at : null;
}
