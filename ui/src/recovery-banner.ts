/**
 * The recovery banner: unsaved text that a crash left in the journal, with
 * the draft it belongs to and its age; restore it into the editor or discard it.
 */

import { find } from "./dom";
import { modifiedLabel } from "./draft-list-model";
import type { Recoverable } from "./ipc";

const el = () => find<HTMLElement>('[data-testid="recovery"]');

/** Each resolves true when done (the entry leaves the banner). */
export interface RecoveryHooks {
  restore(path: string): Promise<boolean>;
  discard(path: string): Promise<boolean>;
}

export function showRecovery(items: Recoverable[], hooks: RecoveryHooks): void {
  const banner = el();
  const list = find("ul", banner);
  const remove = (li: HTMLElement) => {
    li.remove();
    if (!list.children.length) banner.hidden = true;
  };
  list.replaceChildren(
    ...items.map((r) => {
      const li = document.createElement("li");
      li.dataset.path = r.path;
      const what = document.createElement("span");
      const age = modifiedLabel(r.saved_ms).replace(/^just now$/, "less than a minute ago");
      what.textContent = `'${r.path}', typed ${age}${r.exists ? "" : " (the draft is no longer on disk)"}`;
      const restore = document.createElement("button");
      restore.textContent = "Restore";
      restore.className = "primary";
      restore.dataset.testid = "recovery-restore";
      restore.onclick = () => void hooks.restore(r.path).then((done) => done && remove(li));
      const discard = document.createElement("button");
      discard.textContent = "Discard";
      discard.dataset.testid = "recovery-discard";
      discard.onclick = () => void hooks.discard(r.path).then((done) => done && remove(li));
      li.append(what, restore, discard);
      return li;
    }),
  );
  banner.hidden = items.length === 0;
}
