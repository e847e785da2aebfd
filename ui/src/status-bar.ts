/** The status bar: save state, the open folder, and counts of the text. */

const statusEl = () => document.querySelector<HTMLElement>('[data-testid="status"]')!;
const folderEl = () => document.querySelector<HTMLElement>('[data-testid="folder"]')!;
const countEl = () => document.querySelector<HTMLElement>('[data-testid="word-count"]')!;
const errorEl = () => document.querySelector<HTMLElement>('[data-testid="error"]')!;

export type SaveState = "saved" | "saving" | "edited" | "error" | "idle";

/** Shows the save state ("Saved", "Saving…", "Edited", or an error). */
export function setStatus(state: SaveState, text?: string): void {
  const el = statusEl();
  el.dataset.state = state;
  el.textContent =
    text ?? { saved: "Saved", saving: "Saving…", edited: "Edited", error: "Not saved", idle: "" }[state];
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
  return { words, chars: body.length };
}

export function setCounts(text: string | null): void {
  if (text === null) {
    countEl().textContent = "";
    return;
  }
  const { words, chars } = countWords(text);
  countEl().textContent = `${words.toLocaleString()} ${words === 1 ? "word" : "words"} · ${chars.toLocaleString()} characters`;
}

/** Shows an error message above the editor until dismissed or replaced. */
export function showError(message: string): void {
  const el = errorEl();
  el.dataset.kind = "error";
  el.querySelector(".error-text")!.textContent = message;
  el.hidden = false;
}

/** Shows a piece of news (not an error) in the same place. */
export function showNotice(message: string): void {
  showError(message);
  errorEl().dataset.kind = "info";
}

/** Says in the status bar that changes on disk are found by polling. */
export function setWatchMode(message: string | null): void {
  const el = document.querySelector<HTMLElement>('[data-testid="watch-mode"]')!;
  el.hidden = message === null;
  el.textContent = message === null ? "" : "Polling for changes";
  el.title = message ?? "";
}

export function clearError(): void {
  errorEl().hidden = true;
}

export function initStatusBar(): void {
  errorEl().querySelector(".error-close")!.addEventListener("click", clearError);
}
