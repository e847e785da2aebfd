/**
 * When the disk and the editor disagree: the open draft changed on disk
 * (taken in place when the editor has nothing unsaved, else a conflict the
 * writer settles), or it went away (the text stays; "Save again" puts it
 * back). Saving stays paused while the question is open (`state.paused`).
 */
import type { OpenDraft } from "./autosave";
import { type Desk, report } from "./desk";
import { textChanged } from "./follow";
import * as ipc from "./ipc";

const GONE = (path: string) =>
  `'${path}' was deleted or moved away outside Blogdesk. Your text is kept here; save it again to put it back.`;

/** The open draft changed on disk while the editor had unsaved text: ask. */
export async function conflict(d: Desk, open: OpenDraft | null = d.current): Promise<void> {
  if (!open || d.current !== open) return;
  d.store.dispatch({ type: "conflict", view: null });
  try {
    const view = await ipc.showConflict(open.path, d.editor.text);
    if (d.current !== open) return;
    if (view.disk_text === d.editor.text) {
      // Both sides hold the same text: nothing to settle.
      open.rebase(view.disk_text, view.disk_hash);
      d.store.dispatch({ type: "resumed", save: "saved" });
      return;
    }
    d.store.dispatch({ type: "conflict", view });
  } catch (e) {
    if (ipc.isIpcError(e) && e.code === "draft_not_found") removed(d);
    else report(d.store, e);
  }
}

/** The writer's answer to the conflict shown. */
export async function settle(d: Desk, choice: ipc.Choice): Promise<void> {
  const open = d.current;
  const paused = d.store.state.paused;
  if (!open || paused?.kind !== "conflict" || !paused.view) return;
  const view = paused.view;
  try {
    const r = await ipc.resolveConflict(
      open.path,
      choice,
      d.editor.text,
      open.savedText,
      view.disk_hash,
    );
    if (d.current !== open) return;
    // After a merge the editor holds the merged text on top of the disk version.
    open.rebase(choice === "keep_mine" ? r.text : view.disk_text, r.hash);
    if (choice !== "keep_mine") {
      d.editor.replace(r.text);
      textChanged(d);
    }
    d.store.dispatch({ type: "resumed", save: open.dirty ? "edited" : "saved" });
    // The banner's button that had the focus is gone: the text has it back.
    d.editor.focus();
    const left = r.conflicts
      ? ` ${r.conflicts} ${r.conflicts === 1 ? "place needs" : "places need"} your choice between the <<<<<<< and >>>>>>> markers.`
      : "";
    d.store.dispatch({
      type: "notice",
      text: `The other version is kept in '${r.kept_as}'.${left}`,
    });
    void d.lists.refresh();
  } catch (e) {
    if (ipc.isIpcError(e) && e.code === "draft_changed_on_disk") void conflict(d);
    else report(d.store, e);
  }
}

/** The open draft is gone from disk: keep the text, offer to save it again. */
export function removed(d: Desk, message?: string): void {
  const open = d.current;
  if (!open) return;
  d.store.dispatch({ type: "removed", message: message ?? GONE(open.path) });
}

/** "Save again": writes the editor's text where the draft was. */
export async function saveAgain(d: Desk): Promise<void> {
  const open = d.current;
  if (!open) return;
  try {
    const saved = await ipc.saveDraft(open.path, d.editor.text, null);
    if (d.current !== open) return;
    open.rebase(d.editor.text, saved.hash);
    d.store.dispatch({ type: "resumed", save: "saved" });
    d.store.dispatch({ type: "error-over" });
    void d.lists.refresh();
  } catch (e) {
    if (ipc.isIpcError(e) && e.code === "draft_changed_on_disk") {
      // Something appeared at that path meanwhile: settle it as a conflict.
      const disk = await ipc.openDraft(open.path).catch(() => null);
      if (disk) open.rebase(disk.text === d.editor.text ? disk.text : open.savedText, disk.hash);
      void conflict(d, open);
    } else report(d.store, e);
  }
}

/** The open draft changed on disk and the editor has no unsaved text: take it in place. */
export async function reload(d: Desk): Promise<void> {
  const open = d.current;
  if (!open) return;
  try {
    const draft = await ipc.openDraft(open.path);
    if (d.current !== open) return;
    if (open.dirty || open.busy) return void conflict(d, open);
    open.rebase(draft.text, draft.hash);
    d.editor.replace(draft.text);
    textChanged(d);
    d.store.dispatch({ type: "save", save: "saved", detail: "Reloaded from disk" });
  } catch (e) {
    report(d.store, e);
  }
}
