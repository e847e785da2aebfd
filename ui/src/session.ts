/**
 * The session's flows: which draft is open and which folder. Every way of
 * leaving the open draft (another draft, another folder, a restore) goes
 * through `leave`, which saves it first and refuses while it cannot.
 */
import { OpenDraft } from "./autosave";
import { conflict, removed } from "./conflicts";
import { type Desk, report } from "./desk";
import * as ipc from "./ipc";

/** The open draft's saving holds while the state says it is paused, and only then. */
export function followPause(d: Desk): void {
  d.store.subscribe((s) => {
    const open = d.current;
    const want = s.paused?.kind ?? null;
    if (open && open.paused !== want) want ? open.hold(want) : open.resume();
  });
}

/** Starts tracking `draft` as the open one (its saving reports to the store). */
function track(d: Desk, draft: { path: string; text: string; hash: string | null }): OpenDraft {
  d.current?.dispose();
  const open: OpenDraft = new OpenDraft(draft, () => d.editor.text, {
    onConflict: () => void conflict(d, open),
    onRemoved: () => {
      if (d.current === open) removed(d);
    },
    onStatus: (save) => {
      if (d.current === open) d.store.dispatch({ type: "save", save });
    },
    onError: (text) => d.store.dispatch({ type: "error", text }),
    onSaved: () => d.store.dispatch({ type: "error-over" }),
  });
  d.current = open;
  return open;
}

/** Puts `text` of the draft at `path` into the editor, with its preview, counts and form. */
function showText(d: Desk, path: string, text: string, detail?: string): void {
  d.editor.load(text);
  d.store.dispatch({ type: "opened", path, detail });
  d.list.select(path);
  d.preview.now(path, d.editor.doc);
  d.side.counts(text);
  d.forms.refresh(0);
}

/**
 * Saves the open draft before it is left for `doing` something else; false
 * (with a message, the draft staying open) when it could not be saved.
 */
export async function leave(d: Desk, doing: string): Promise<boolean> {
  const open = d.current;
  if (!open) return true;
  await open.save();
  if (!open.dirty) return true;
  d.store.dispatch({
    type: "error",
    text:
      d.store.state.paused?.kind === "conflict"
        ? `Choose how to settle the conflict before ${doing}.`
        : `This draft could not be saved, so it stays open before ${doing}. Your text is kept.`,
  });
  d.list.select(open.path);
  return false;
}

/** Per desk, the newest open asked for: an older one still on its way is dropped. */
const newestOpen = new WeakMap<Desk, number>();

/**
 * Opens `path` after leaving the open draft (which stays open if it cannot be
 * saved). Opens asked in a row (letters typed in the list, a held arrow key)
 * may answer out of order: only the newest one asked is shown.
 */
export async function openDraft(d: Desk, path: string): Promise<void> {
  if (d.current?.path === path) return;
  const ticket = (newestOpen.get(d) ?? 0) + 1;
  newestOpen.set(d, ticket);
  const superseded = () => newestOpen.get(d) !== ticket;
  d.side.closeSiteCheck();
  if (!(await leave(d, "opening another draft")) || superseded()) return;
  try {
    const draft = await ipc.openDraft(path);
    if (superseded()) return;
    track(d, draft);
    showText(d, path, draft.text, "Opened");
    d.store.dispatch({ type: "error-over" });
  } catch (e) {
    if (superseded()) return;
    report(d.store, e);
    d.list.select(d.current?.path ?? null);
  }
}

/** Opens `path` (from the search) with line `line` in view and the cursor on it. */
export async function openAt(d: Desk, path: string, line: number): Promise<void> {
  await openDraft(d, path);
  if (d.store.state.open !== path) return;
  if (line > 0) d.editor.goToLine(line);
  d.editor.focus();
}

/** No draft open: an empty window. */
export function closeDraft(d: Desk): void {
  d.side.closeSiteCheck();
  d.current?.dispose();
  d.current = null;
  d.editor.load("");
  d.forms.hide();
  d.store.dispatch({ type: "closed" });
  d.preview.clear();
  d.side.counts(null);
  d.list.select(null);
}

/**
 * Ctrl+N: a new draft by its title, from one of the blog's templates when
 * it has some (its archetype or Blogdesk template offered at first), else
 * with a title and date.
 */
export async function newDraft(d: Desk): Promise<void> {
  const templates = await ipc.postTemplates().catch(() => []);
  let asked: { text: string; choice: string } | null;
  if (templates.length === 0) {
    const text = await d.ask.text("Title of the new draft", "", "Create");
    asked = text === null ? null : { text, choice: "" };
  } else {
    // The blog's own templates for new posts first; Jekyll's defaults
    // (which Jekyll applies anyway) only when picked.
    const choice = (t: ipc.PostTemplate) => ({ value: t.id, label: t.name });
    const jekyll = (t: ipc.PostTemplate) => t.id.startsWith("jekyll:");
    asked = await d.ask.textAndChoice("Title of the new draft", "Create", [
      ...templates.filter((t) => !jekyll(t)).map(choice),
      { value: "", label: "A title and a date only" },
      ...templates.filter(jekyll).map(choice),
    ]);
  }
  if (asked === null) return;
  try {
    const created = await ipc.createDraft(asked.text, asked.choice || null);
    await d.lists.refresh();
    await openDraft(d, created.path);
    d.editor.focus();
  } catch (e) {
    report(d.store, e);
  }
}

export async function renameCurrent(d: Desk): Promise<void> {
  const open = d.current;
  if (!open) return;
  await open.save();
  const old = open.path;
  const base = old.split("/").pop() ?? old;
  const name = await d.ask.text(`Rename '${base}' to`, base, "Rename");
  if (name === null || name === base || d.current !== open) return;
  try {
    const renamed = await ipc.renameDraft(old, name);
    open.dispose();
    d.current = null;
    await d.lists.refresh();
    await openDraft(d, renamed.path);
  } catch (e) {
    report(d.store, e);
  }
}

export async function deleteCurrent(d: Desk): Promise<void> {
  const open = d.current;
  if (!open) return;
  const path = open.path;
  if (!(await d.ask.confirm(`Move '${path}' to the trash?`, "Move to trash"))) return;
  if (d.current !== open) return;
  try {
    await open.save();
    await ipc.trashDraft(path);
    closeDraft(d);
    await d.lists.refresh();
  } catch (e) {
    report(d.store, e);
  }
}

/** Ctrl+O: another drafts folder, picked in the system's dialog. */
export async function openFolder(d: Desk): Promise<void> {
  if (!(await leave(d, "opening another folder"))) return;
  try {
    const s = await ipc.pickFolder();
    if (!s) return;
    closeDraft(d);
    await start(d, s);
  } catch (e) {
    report(d.store, e);
  }
}

/** One of the recent drafts folders (File menu). */
export async function openRecent(d: Desk, dir: string): Promise<void> {
  if (!(await leave(d, "opening another folder"))) return;
  try {
    const s = await ipc.openRecent(dir);
    closeDraft(d);
    await start(d, s);
  } catch (e) {
    d.store.dispatch({ type: "recent-failed", folder: dir });
    report(d.store, e);
  }
}

/** Puts journaled text back into the editor, on top of the draft on disk. */
export async function restore(d: Desk, path: string): Promise<boolean> {
  if (d.current?.path !== path && !(await leave(d, "restoring another draft's text"))) return false;
  try {
    const r = await ipc.restoreUnsaved(path);
    const open = track(d, { path, text: r.disk?.text ?? "", hash: r.disk?.hash ?? null });
    showText(d, path, r.text);
    if (r.disk) open.changed();
    else {
      d.store.dispatch({
        type: "removed",
        message: `'${path}' is no longer on disk. The recovered text is in the editor; save it again to put it back.`,
      });
    }
    return true;
  } catch (e) {
    report(d.store, e);
    return false;
  }
}

/**
 * Shows the session: the list and the last draft are asked for together
 * (after `watched` is set up, so no change on disk falls between them; a
 * folder opened later is watched by the backend as it opens it).
 */
export async function start(
  d: Desk,
  s: ipc.Session,
  watched: Promise<unknown> = Promise.resolve(),
  listed?: Promise<ipc.DraftSummary[]>,
): Promise<void> {
  d.store.dispatch({
    type: "session",
    folder: s.drafts_dir,
    version: s.version,
    recent: s.recent_folders,
  });
  if (s.notice) d.store.dispatch({ type: "error", text: s.notice.message });
  await watched;
  // Start-up milestones, read by the benchmarks (performance.getEntriesByName).
  const shown = d.lists.refresh(listed).then(() => performance.mark("drafts-listed"));
  if (s.last_draft) await openDraft(d, s.last_draft);
  await shown;
  if (!d.current) {
    const first = d.list.all[0]?.path;
    if (first && !s.last_draft) await openDraft(d, first);
  }
  performance.mark("draft-shown");
  void d.side.refreshEngine().catch((e) => report(d.store, e));
  d.side.recovery(s.recovery, {
    restore: (path) => restore(d, path),
    discard: async (path) => {
      const sure = await d.ask.confirm(
        `Discard the unsaved text of '${path}'? It cannot be brought back.`,
        "Discard",
      );
      if (!sure) return false;
      await ipc.discardUnsaved(path).catch((e) => report(d.store, e));
      return true;
    },
  });
}
