/**
 * The front matter form's model, apart from the DOM: the head of a text
 * that holds its front matter, which key a well-known field edits, chips.
 */
import { closingFence } from "./front-matter-syntax";
import type { FmField, FmForm } from "./ipc";

/** The front matter head of `text`: up to and including the closing fence's
 *  line, "" when the text has no front matter. An unclosed block gives the
 *  first 128 KiB, so Rust can say what is wrong with it. */
export function headOf(text: string): string {
  const start = text.startsWith("\ufeff") ? 1 : 0;
  const firstBreak = text.indexOf("\n", start);
  const first = text
    .slice(start, firstBreak < 0 ? text.length : firstBreak)
    .replace(/\r$/, "")
    .trimEnd();
  if (first !== "---" && first !== "+++") return "";
  const scan = text.slice(0, 128 * 1024);
  const close = closingFence(scan, first);
  if (!close) return scan;
  return text.slice(0, Math.min(text.length, close.fenceEnd + 1));
}

export type Path = string[];
export const key = (p: Path) => p.join(".");

/** The path a well-known field edits: the first one present, else the first
 *  that fits the block (`taxonomies.*` when a TOML block has that table). */
export function pathFor(form: FmForm, candidates: Path[]): { path: Path; field: FmField | null } {
  for (const path of candidates) {
    const field = form.fields.find((f) => key(f.path) === key(path));
    if (field) return { path, field };
  }
  const table = candidates.find((p) => p.length > 1 && form.fields.some((f) => f.path[0] === p[0]));
  return { path: table ?? candidates[0], field: null };
}

/** Items typed into a chip input: split on commas, trimmed, no empties. */
export function chipsFrom(input: string): string[] {
  return input
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
