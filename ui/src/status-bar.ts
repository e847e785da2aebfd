/** The status bar's counts of the text (the rest of it is drawn by `view.ts`). */
import { find } from "./dom";

const countEl = () => find<HTMLElement>('[data-testid="word-count"]');

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
