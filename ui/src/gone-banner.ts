/**
 * The banner for a draft (or the whole drafts folder) that disappeared from
 * disk while open: the text stays in the editor, and "Save again" puts it back.
 */
import { find } from "./dom";

const el = () => find<HTMLElement>('[data-testid="draft-gone"]');

export function showGone(message: string, onSaveAgain: () => void): void {
  const banner = el();
  find(".banner-text", banner).textContent = message;
  find<HTMLButtonElement>('[data-testid="save-again"]', banner).onclick = onSaveAgain;
  banner.hidden = false;
}

export function hideGone(): void {
  el().hidden = true;
}
