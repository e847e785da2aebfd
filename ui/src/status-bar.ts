/** The status bar: save state, the open folder, and counts of the text. */
import { find } from "./dom";

const statusEl = () => find<HTMLElement>('[data-testid="status"]');
const folderEl = () => find<HTMLElement>('[data-testid="folder"]');
const countEl = () => find<HTMLElement>('[data-testid="word-count"]');
const errorEl = () => find<HTMLElement>('[data-testid="error"]');

export type SaveState = "saved" | "saving" | "edited" | "error" | "idle";

/** Shows the save state ("Saved", "Saving…", "Edited", or an error). */
export function setStatus(state: SaveState, text?: string): void {
  const el = statusEl();
  el.dataset.state = state;
  el.textContent =
    text ??
    { saved: "Saved", saving: "Saving…", edited: "Edited", error: "Not saved", idle: "" }[state];
}

export function setFolder(path: string): void {
  // The bar cuts long paths at the start (CSS direction: rtl); the marks keep
  // the path itself reading left to right.
  folderEl().textContent = `\u200e${path}\u200e`;
  folderEl().title = path;
}

/** Words and characters of the text after its front matter. */
export function countWords(text: string): { words: number; chars: number } {
  const body = text.replace(/^(---|\+\+\+)[ \t]*\n[\s\S]*?\n\1[ \t]*(\n|$)/, "");
  const words = body.match(/[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu)?.length ?? 0;
  return { words, chars: characters(body) };
}

/** Minutes a reader needs for `words` (230 words a minute; at least 1 for any text). */
export function readingMinutes(words: number): number {
  return words === 0 ? 0 : Math.max(1, Math.round(words / 230));
}

/** Characters (code points, not UTF-16 units) in `text`. */
export function characters(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) pairs++;
  }
  return text.length - pairs;
}

/** Words, reading time and characters of the draft (null: no draft open). */
export function setCounts(text: string | null): void {
  if (text === null) {
    countEl().textContent = "";
    setSelection(0);
    return;
  }
  const { words, chars } = countWords(text);
  const minutes = readingMinutes(words);
  countEl().textContent =
    `${words.toLocaleString()} ${words === 1 ? "word" : "words"}` +
    (minutes ? ` · ${minutes} min read` : "") +
    ` · ${chars.toLocaleString()} characters`;
}

/** Shows how many characters are selected (nothing when none are). */
export function setSelection(chars: number): void {
  const el = find<HTMLElement>('[data-testid="selection-count"]');
  const text = chars === 0 ? "" : `${chars.toLocaleString()} selected`;
  // Called on every cursor move: touch the DOM only when the count changed.
  if (el.textContent === text) return;
  el.hidden = chars === 0;
  el.textContent = text;
}

/** Shows an error message above the editor until dismissed or replaced. */
export function showError(message: string): void {
  const el = errorEl();
  el.dataset.kind = "error";
  find(".error-text", el).textContent = message;
  el.hidden = false;
}

/** Shows a piece of news (not an error) in the same place. */
export function showNotice(message: string): void {
  showError(message);
  errorEl().dataset.kind = "info";
}

/** Says in the status bar that changes on disk are found by polling. */
export function setWatchMode(message: string | null): void {
  const el = find<HTMLElement>('[data-testid="watch-mode"]');
  el.hidden = message === null;
  el.textContent = message === null ? "" : "Polling for changes";
  el.title = message ?? "";
}

export function clearError(): void {
  errorEl().hidden = true;
}

export function initStatusBar(): void {
  find(".error-close", errorEl()).addEventListener("click", clearError);
}
