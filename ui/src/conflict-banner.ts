/**
 * The conflict banner: the open draft changed on disk while the editor held
 * unsaved text. Shows the diff and offers keep mine, take the disk version,
 * or merge by hand; whichever wins, the backend keeps the other side in a
 * file beside the draft.
 */

import { find } from "./dom";
import type { Choice, ConflictView, DiffLine } from "./ipc";

const el = () => find<HTMLElement>('[data-testid="conflict"]');

const MARK: Record<DiffLine["side"], string> = { same: " ", mine: "+", disk: "−", skipped: "…" };

/** The diff as DOM lines: `+` only in the editor, `−` only on disk. */
export function diffLines(diff: DiffLine[]): HTMLElement[] {
  return diff.map((l) => {
    const line = document.createElement("div");
    line.className = `diff-line diff-${l.side}`;
    line.textContent = `${MARK[l.side]} ${l.text}`;
    return line;
  });
}

export function showConflict(view: ConflictView, onChoose: (c: Choice) => void): void {
  const banner = el();
  const mine = view.diff.filter((l) => l.side === "mine").length;
  const disk = view.diff.filter((l) => l.side === "disk").length;
  find(".banner-text", banner).textContent =
    `'${view.path}' was changed on disk by another program while you had unsaved changes. ` +
    `Nothing is lost: whichever version you pick, the other is kept in a file beside the draft. ` +
    `Below: + ${mine} ${mine === 1 ? "line" : "lines"} only in yours, − ${disk} only on disk.`;
  find('[data-testid="conflict-diff"]', banner).replaceChildren(...diffLines(view.diff));
  for (const [id, choice] of [
    ["conflict-keep-mine", "keep_mine"],
    ["conflict-take-disk", "take_disk"],
    ["conflict-merge", "merge"],
  ] as const) {
    find<HTMLButtonElement>(`[data-testid="${id}"]`, banner).onclick = () => onChoose(choice);
  }
  banner.hidden = false;
}

export function hideConflict(): void {
  el().hidden = true;
}
