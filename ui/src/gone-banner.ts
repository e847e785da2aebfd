/**
 * The banner for a draft (or the whole drafts folder) that disappeared from
 * disk while open: the text stays in the editor, and "Save again" puts it back.
 */
const el = () => document.querySelector<HTMLElement>('[data-testid="draft-gone"]')!;

export function showGone(message: string, onSaveAgain: () => void): void {
  const banner = el();
  banner.querySelector(".banner-text")!.textContent = message;
  banner.querySelector<HTMLButtonElement>('[data-testid="save-again"]')!.onclick = onSaveAgain;
  banner.hidden = false;
}

export function hideGone(): void {
  el().hidden = true;
}

export function goneShown(): boolean {
  return !el().hidden;
}
