/** Starts the UI: wires the draft list, the editor, the preview, saving and the folder watcher. */
import "./idle";
import "./style.css";
import { OpenDraft } from "./autosave";
import { conflictShown, hideConflict, showConflict } from "./conflict-banner";
import { askText, confirmAction } from "./dialog";
import { find } from "./dom";
import { DraftList } from "./draft-list";
import { Editor, type EditorCommand, type TextEdit } from "./editor";
import { EnginePicker } from "./engine-picker";
import { ExportDialog } from "./export-dialog";
import { FrontMatterForm, headOf } from "./front-matter-form";
import { goneShown, hideGone, showGone } from "./gone-banner";
import * as ipc from "./ipc";
import { type Menu, MenuBar, type MenuItem } from "./menu-bar";
import { Preview } from "./preview";
import { showRecovery } from "./recovery-banner";
import { ScrollSync } from "./scroll-sync";
import { SearchPanel } from "./search-panel";
import { EDITOR_SHORTCUTS, matching, renderHelp, type WindowShortcut } from "./shortcuts";
import { SiteCheck } from "./site-check";
import {
  clearError,
  initStatusBar,
  setCounts,
  setFolder,
  setSelection,
  setStatus,
  setWatchMode,
  showError,
  showNotice,
} from "./status-bar";

// Asked for before the page builds anything, so Rust opens the session,
// watches the folder and lists it while the editor is being set up.
const booting = ipc.session();
const watching = ipc.watchDrafts((e) => onDraftsEvent(e)).catch(report);
const firstListing = watching.then(() => ipc.listDrafts());

const $ = <T extends HTMLElement>(testid: string) => find<T>(`[data-testid="${testid}"]`);

let current: OpenDraft | null = null;
/** The session's other drafts folders, for File's recent list. */
let recentFolders: string[] = [];
let version = "";
let countTimer: number | undefined;

const preview = new Preview($("preview"));
const editor = new Editor($("editor"), {
  onChange: (_view, edit) => {
    if (!current) return;
    current.changed(editor.length);
    textChanged(edit);
  },
  onSave: () => void saveNow(),
  onSelection: (chars) => setSelection(chars),
  checker: {
    check: (text) => (current ? ipc.checkDraft(current.path, text) : Promise.resolve(null)),
    addWord: ipc.addWord,
  },
  images: {
    draft: () => current?.path ?? null,
    attach: ipc.attachImage,
    onError: report,
  },
});
new ScrollSync(
  {
    scroller: editor.view.scrollDOM,
    topLine: () => editor.topLine(),
    scrollToLine: (l) => editor.scrollToLine(l),
  },
  {
    scroller: find<HTMLElement>(".preview-pane"),
    blocks: () => ({ items: preview.blocks.items, lines: preview.blocks.lines }),
  },
);
const searchPanel = new SearchPanel(
  $<HTMLDialogElement>("search"),
  $<HTMLInputElement>("search-input"),
  $("search-summary"),
  $("search-results"),
  { search: ipc.searchDrafts, open: (path, line) => void openAt(path, line) },
);
const fmForm = new FrontMatterForm($<HTMLDetailsElement>("fm"), formEdit);
const list = new DraftList($("draft-list"), $("draft-filter"), {
  onOpen: (p) => void openDraft(p),
});
const exporter = new ExportDialog(
  () => void refreshList(),
  () => list.all.map((d) => d.path),
);

/** Past this many characters, counts and the form wait for longer pauses in typing. */
const BIG_TEXT = 500_000;

/** Preview and counts follow the editor's text (`edit`: how it changed, when known). */
function textChanged(edit?: TextEdit): void {
  if (!current) return;
  preview.schedule(current.path, editor.doc, edit);
  window.clearTimeout(countTimer);
  countTimer = window.setTimeout(
    () => setCounts(editor.text),
    editor.length > BIG_TEXT ? 2000 : 150,
  );
  refreshForm(editor.length > BIG_TEXT ? 500 : 60);
}

/** The head of the editor's text (front matter up to the closing fence). */
const editorHead = () => headOf(editor.slice(0, 128 * 1024));

/** The form follows the editor's text. */
let formTimer: number | undefined;
let formSeq = 0;
function refreshForm(delay: number): void {
  window.clearTimeout(formTimer);
  formTimer = window.setTimeout(async () => {
    if (!current) return;
    const seq = ++formSeq;
    try {
      const form = await ipc.frontMatterForm(editorHead());
      if (seq === formSeq && current) fmForm.show(form);
    } catch (e) {
      report(e);
    }
  }, delay);
}

/**
 * Applies a form edit to the editor's text, one at a time and in order.
 * Resolves with the reason when Rust refused it (the text is then unchanged).
 */
let formQueue: Promise<unknown> = Promise.resolve();
function formEdit(edit: ipc.FmEdit): Promise<string | null> {
  const run = async (): Promise<string | null> => {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!current) return null;
      const head = editorHead();
      let next: string;
      try {
        next = await ipc.frontMatterEdit(head, edit);
      } catch (e) {
        return ipc.errorMessage(e);
      }
      // Typed into the editor meanwhile: edit the new text instead.
      if (editorHead() !== head) continue;
      editor.edit(0, head.length, next);
      return null;
    }
    return "The text kept changing while the form wrote to it; try again.";
  };
  const done = formQueue.then(run, run);
  formQueue = done;
  return done;
}

function report(e: unknown): void {
  showError(ipc.errorMessage(e));
}

/**
 * Lists the drafts again; one request at a time, the last one always runs.
 * `asked`: a listing already asked for, used for the first round.
 */
let listing: Promise<void> | null = null;
let listAgain = false;
async function refreshList(asked?: Promise<ipc.DraftSummary[]>): Promise<void> {
  if (listing) {
    listAgain = true;
    return listing;
  }
  listing = (async () => {
    do {
      listAgain = false;
      try {
        const drafts = asked ?? ipc.listDrafts();
        asked = undefined;
        list.set(await drafts);
        list.select(current?.path ?? null);
      } catch (e) {
        report(e);
      }
    } while (listAgain);
  })();
  try {
    await listing;
  } finally {
    listing = null;
  }
}

function showEditor(open: boolean): void {
  $("editor").hidden = !open;
  $("empty-state").hidden = open;
  $<HTMLButtonElement>("rename-draft").disabled = !open;
  $<HTMLButtonElement>("delete-draft").disabled = !open;
  $<HTMLButtonElement>("export-draft").disabled = !open;
}

function track(draft: { path: string; text: string; hash: string | null }): OpenDraft {
  current?.dispose();
  hideConflict();
  hideGone();
  return new OpenDraft(draft, () => editor.text, {
    onConflict: () => void conflict(),
    onRemoved: () => removed(),
  });
}

/** Ctrl+S: saves now; a paused draft (conflict, gone) is left to its banner. */
async function saveNow(): Promise<void> {
  if (!current) return;
  if (current.paused === "removed") return saveAgain();
  await current.save();
}

/** Puts `text` of the draft at `path` into the editor, with its preview, counts and form. */
function showText(path: string, text: string): void {
  editor.load(text);
  showEditor(true);
  list.select(path);
  preview.now(path, editor.doc);
  setCounts(text);
  refreshForm(0);
}

/** Saves the open draft, then opens `path`. Stays on the old one if it cannot be saved. */
async function openDraft(path: string): Promise<void> {
  if (current?.path === path) return;
  // Another draft: the check against the site was about this one.
  siteCheck.close();
  if (current) {
    await current.save();
    if (current.dirty) {
      showError(
        current.paused === "conflict"
          ? "Choose how to settle the conflict before opening another draft."
          : "This draft could not be saved, so it stays open. Your text is kept.",
      );
      list.select(current.path);
      return;
    }
  }
  try {
    const draft = await ipc.openDraft(path);
    current = track(draft);
    showText(path, draft.text);
    setStatus("saved", "Opened");
    clearError();
  } catch (e) {
    report(e);
  }
}

/** Opens `path` (from the search) with line `line` in view and the cursor on it. */
async function openAt(path: string, line: number): Promise<void> {
  await openDraft(path);
  if (current?.path !== path) return;
  if (line > 0) editor.goToLine(line);
  editor.focus();
}

function closeDraft(): void {
  siteCheck.close();
  current?.dispose();
  current = null;
  hideConflict();
  hideGone();
  editor.load("");
  fmForm.hide();
  showEditor(false);
  preview.clear();
  setCounts(null);
  setStatus("idle");
  list.select(null);
}

/** The open draft changed on disk and the editor has no unsaved text: take it in place. */
async function reload(): Promise<void> {
  const open = current;
  if (!open) return;
  try {
    const draft = await ipc.openDraft(open.path);
    if (current !== open) return;
    if (open.dirty || open.busy) return void conflict();
    open.rebase(draft.text, draft.hash);
    editor.replace(draft.text);
    textChanged();
    setStatus("saved", "Reloaded from disk");
  } catch (e) {
    report(e);
  }
}

/** The open draft changed on disk while the editor had unsaved text: ask. */
async function conflict(): Promise<void> {
  const open = current;
  if (!open) return;
  open.hold("conflict");
  setStatus("error", "Conflict");
  try {
    const view = await ipc.showConflict(open.path, editor.text);
    if (current !== open) return;
    if (view.disk_text === editor.text) {
      // Both sides hold the same text: nothing to settle.
      open.rebase(view.disk_text, view.disk_hash);
      hideConflict();
      open.resume();
      setStatus("saved");
      return;
    }
    showConflict(view, (choice) => void settle(open, choice, view));
  } catch (e) {
    if (ipc.isIpcError(e) && e.code === "draft_not_found") removed();
    else report(e);
  }
}

async function settle(open: OpenDraft, choice: ipc.Choice, view: ipc.ConflictView): Promise<void> {
  try {
    const r = await ipc.resolveConflict(
      open.path,
      choice,
      editor.text,
      open.savedText,
      view.disk_hash,
    );
    if (current !== open) return;
    hideConflict();
    // After a merge the editor holds the merged text on top of the disk version.
    open.rebase(choice === "keep_mine" ? r.text : view.disk_text, r.hash);
    if (choice !== "keep_mine") {
      editor.replace(r.text);
      textChanged();
    }
    open.resume();
    setStatus(open.dirty ? "edited" : "saved");
    const left = r.conflicts
      ? ` ${r.conflicts} ${r.conflicts === 1 ? "place needs" : "places need"} your choice between the <<<<<<< and >>>>>>> markers.`
      : "";
    showNotice(`The other version is kept in '${r.kept_as}'.${left}`);
    void refreshList();
  } catch (e) {
    if (ipc.isIpcError(e) && e.code === "draft_changed_on_disk") void conflict();
    else report(e);
  }
}

/** The open draft is gone from disk: keep the text, offer to save it again. */
function removed(message?: string): void {
  const open = current;
  if (!open) return;
  open.hold("removed");
  setStatus("error", "Not on disk");
  showGone(
    message ??
      `'${open.path}' was deleted or moved away outside Blogdesk. Your text is kept here; save it again to put it back.`,
    () => void saveAgain(),
  );
}

async function saveAgain(): Promise<void> {
  const open = current;
  if (!open) return;
  try {
    const saved = await ipc.saveDraft(open.path, editor.text, null);
    open.rebase(editor.text, saved.hash);
    hideGone();
    open.resume();
    setStatus("saved");
    clearError();
    void refreshList();
  } catch (e) {
    if (ipc.isIpcError(e) && e.code === "draft_changed_on_disk") {
      // Something appeared at that path meanwhile: settle it as a conflict.
      hideGone();
      const disk = await ipc.openDraft(open.path).catch(() => null);
      if (disk) open.rebase(disk.text === editor.text ? disk.text : open.savedText, disk.hash);
      void conflict();
    } else report(e);
  }
}

/** Events from the folder watcher. */
function onDraftsEvent(e: ipc.DraftsEvent): void {
  switch (e.kind) {
    case "list_changed":
      void refreshList();
      break;
    case "drafts_changed":
      // A listing on its way may predate the change: list again after it.
      if (listing) void refreshList();
      else {
        list.update(e.listed, e.removed);
        list.select(current?.path ?? null);
      }
      break;
    case "open_changed":
      if (current?.path !== e.path) break;
      if (current.dirty || current.busy || current.paused) void conflict();
      else void reload();
      break;
    case "open_renamed":
      if (current?.path !== e.from) break;
      current.path = e.to;
      list.select(e.to);
      showNotice(`'${e.from}' was renamed to '${e.to}' outside Blogdesk; it stays open.`);
      void refreshList();
      break;
    case "open_removed":
      if (current?.path === e.path) removed();
      break;
    case "open_back":
      if (current?.path !== e.path) break;
      if (goneShown() || conflictShown()) {
        hideGone();
        hideConflict();
        current.resume();
        setStatus(current.dirty ? "edited" : "saved");
      }
      break;
    case "folder_gone":
      if (current) removed(e.message);
      else showError(e.message);
      void refreshList();
      break;
    case "folder_back":
      clearError();
      void refreshList();
      break;
    case "polling":
      setWatchMode(e.message);
      break;
  }
}

async function newDraft(): Promise<void> {
  const title = await askText("Title of the new draft", "", "Create");
  if (title === null) return;
  try {
    const d = await ipc.createDraft(title);
    await refreshList();
    await openDraft(d.path);
    editor.focus();
  } catch (e) {
    report(e);
  }
}

async function renameCurrent(): Promise<void> {
  if (!current) return;
  await current.save();
  const old = current.path;
  const base = old.split("/").pop() ?? old;
  const name = await askText(`Rename '${base}' to`, base, "Rename");
  if (name === null || name === base) return;
  try {
    const renamed = await ipc.renameDraft(old, name);
    current.dispose();
    current = null;
    await refreshList();
    await openDraft(renamed.path);
  } catch (e) {
    report(e);
  }
}

async function deleteCurrent(): Promise<void> {
  if (!current) return;
  const path = current.path;
  if (!(await confirmAction(`Move '${path}' to the trash?`, "Move to trash"))) return;
  try {
    await current.save();
    await ipc.trashDraft(path);
    closeDraft();
    await refreshList();
  } catch (e) {
    report(e);
  }
}

async function openFolder(): Promise<void> {
  if (current) {
    await current.save();
    if (current.dirty)
      return showError(
        "The open draft could not be saved, so the folder stays open. Your text is kept.",
      );
  }
  try {
    const s = await ipc.pickFolder();
    if (!s) return;
    closeDraft();
    await start(s);
  } catch (e) {
    report(e);
  }
}

/** Opens one of the recent drafts folders (File menu), after saving the open draft. */
async function openRecent(dir: string): Promise<void> {
  if (current) {
    await current.save();
    if (current.dirty)
      return showError(
        "The open draft could not be saved, so the folder stays open. Your text is kept.",
      );
  }
  try {
    const s = await ipc.openRecent(dir);
    closeDraft();
    await start(s);
  } catch (e) {
    recentFolders = recentFolders.filter((d) => d !== dir);
    report(e);
  }
}

/** Puts journaled text back into the editor, on top of the draft on disk. */
async function restore(path: string): Promise<boolean> {
  if (current && current.path !== path) {
    await current.save();
    if (current.dirty) {
      showError("The open draft could not be saved; restore after it is saved.");
      return false;
    }
  }
  try {
    const r = await ipc.restoreUnsaved(path);
    current = track({ path, text: r.disk?.text ?? "", hash: r.disk?.hash ?? null });
    showText(path, r.text);
    if (r.disk) current.changed();
    else
      removed(
        `'${path}' is no longer on disk. The recovered text is in the editor; save it again to put it back.`,
      );
    return true;
  } catch (e) {
    report(e);
    return false;
  }
}

/**
 * Shows the session: the list and the last draft are asked for together
 * (after `watched` is set up, so no change on disk falls between them; a
 * folder opened later is watched by the backend as it opens it).
 */
async function start(
  s: ipc.Session,
  watched: Promise<unknown> = Promise.resolve(),
  listed?: Promise<ipc.DraftSummary[]>,
): Promise<void> {
  setFolder(s.drafts_dir);
  recentFolders = s.recent_folders;
  version = s.version;
  if (s.notice) showError(s.notice.message);
  await watched;
  // Start-up milestones, read by the benchmarks (performance.getEntriesByName).
  const shown = refreshList(listed).then(() => performance.mark("drafts-listed"));
  if (s.last_draft) await openDraft(s.last_draft);
  await shown;
  if (!current) {
    const first = list.all[0]?.path;
    if (first && !s.last_draft) await openDraft(first);
    else showEditor(false);
  }
  performance.mark("draft-shown");
  void enginePicker.refresh().catch(report);
  showRecovery(s.recovery, {
    restore,
    discard: async (path) => {
      if (
        !(await confirmAction(
          `Discard the unsaved text of '${path}'? It cannot be brought back.`,
          "Discard",
        ))
      )
        return false;
      await ipc.discardUnsaved(path).catch(report);
      return true;
    },
  });
}

/** Ctrl+Shift+P: hides the preview (the editor gets its width) or shows it again. */
function togglePreview(): void {
  const button = $("toggle-preview");
  const hide = button.getAttribute("aria-pressed") === "true";
  button.setAttribute("aria-pressed", String(!hide));
  document.getElementById("app")?.classList.toggle("no-preview", hide);
  syncPreviewHidden();
}

/** The preview renders nothing while it cannot be seen (hidden, or focus mode). */
function syncPreviewHidden(): void {
  const app = document.getElementById("app");
  preview.setHidden(
    !!app && (app.classList.contains("no-preview") || app.classList.contains("focus")),
  );
}

const siteCheck = new SiteCheck($("site-check"), {
  check: ipc.checkAgainstSite,
  cancel: ipc.cancelSiteCheck,
  save: async () => {
    await current?.save();
  },
  again: () => void checkAgainstSite().catch(report),
  mark: (lines) => void preview.markSiteDifferences(lines),
  goTo: (line) => {
    editor.goToLine(line);
    preview.showLine(line);
    editor.focus();
  },
  message: ipc.errorMessage,
  code: (e) => (ipc.isIpcError(e) ? e.code : null),
});

const enginePicker = new EnginePicker(
  $<HTMLSelectElement>("engine"),
  $<HTMLButtonElement>("connect-blog"),
  {
    view: ipc.previewProfile,
    choose: ipc.chooseEngine,
    connect: async () => (await ipc.pickBlogFolder()) !== null,
    changed: () => {
      if (current) preview.now(current.path, editor.doc);
    },
    report,
  },
);

/**
 * Builds the open draft with the blog's engine and shows where the site
 * differs from the preview. Asks for the blog folder when none is set.
 */
async function checkAgainstSite(): Promise<void> {
  if (!current) return;
  const path = current.path;
  if (!(await ipc.blogSite())) {
    if (!(await ipc.pickBlogFolder())) {
      showNotice(
        "Choose the blog folder (a Jekyll, Hugo or Zola site) to check the draft against.",
      );
      return;
    }
    await enginePicker.refresh();
  }
  if (current?.path !== path) return;
  if (isOn("no-preview")()) togglePreview();
  await siteCheck.run(path, editor.doc.toString());
}

/** Saves the open draft, then shows the export dialog for it. */
async function exportCurrent(): Promise<void> {
  if (!current) return;
  await current.save();
  await exporter.open([current.path]);
}

/** The window's shortcuts (the editor's own are in editor.ts); F1 lists them all. */
const SHORTCUTS: WindowShortcut[] = [
  { keys: "F1", key: "F1", ctrl: false, shift: false, what: "This list", run: () => showHelp() },
  {
    keys: "Ctrl+N",
    key: "n",
    ctrl: true,
    shift: false,
    what: "New draft",
    run: () => void newDraft(),
  },
  {
    keys: "Ctrl+O",
    key: "o",
    ctrl: true,
    shift: false,
    what: "Open another drafts folder",
    run: () => void openFolder(),
  },
  {
    keys: "Ctrl+Shift+F",
    key: "f",
    ctrl: true,
    shift: true,
    what: "Search all drafts",
    run: () => searchPanel.show(),
  },
  {
    keys: "F2",
    key: "F2",
    ctrl: false,
    shift: false,
    what: "Rename the draft",
    run: () => void renameCurrent(),
  },
  {
    keys: "Ctrl+E",
    key: "e",
    ctrl: true,
    shift: false,
    what: "Export the draft to the blog",
    run: () => void exportCurrent().catch(report),
  },
  {
    keys: "Ctrl+Shift+P",
    key: "p",
    ctrl: true,
    shift: true,
    what: "Show or hide the preview",
    run: () => togglePreview(),
  },
  {
    keys: "Ctrl+Shift+B",
    key: "b",
    ctrl: true,
    shift: true,
    what: "Check against the site: build the draft with the blog's own engine and mark where it differs from the preview",
    run: () => void checkAgainstSite().catch(report),
  },
  {
    keys: "F8",
    key: "F8",
    ctrl: false,
    shift: false,
    what: "Focus mode: the editor alone (F8 again to leave)",
    run: () => toggleFocus(),
  },
  {
    keys: "Ctrl+Q",
    key: "q",
    ctrl: true,
    shift: false,
    what: "Quit (the draft is saved first)",
    run: () => void ipc.closeWindow().catch(report),
  },
  {
    keys: "F10",
    key: "F10",
    ctrl: false,
    shift: false,
    what: "The menu (Alt+F, Alt+E, Alt+V, Alt+H open one menu)",
    run: () => menuBar.show(0, true),
  },
];

/** A menu item that runs the window shortcut `keys` (so both always agree). */
function shortcutItem(keys: string, label: string, more: Partial<MenuItem> = {}): MenuItem {
  const s = SHORTCUTS.find((x) => x.keys === keys);
  if (!s) throw new Error(`no window shortcut ${keys}`);
  return { label, keys, run: () => s.run(), ...more };
}

const noDraft = () => !current;

/** A menu item for an editor command, with its key from the editor's shortcut list. */
function editorItem(keys: string, label: string, command: EditorCommand): MenuItem {
  if (!EDITOR_SHORTCUTS.some((s) => s.keys === keys)) throw new Error(`no editor shortcut ${keys}`);
  return { label, keys, run: () => editor.command(command), disabled: noDraft };
}
const isOn = (cls: string) => () =>
  document.getElementById("app")?.classList.contains(cls) ?? false;

/** The application menu; each item's shortcut is the one the keyboard runs. */
const MENUS: Menu[] = [
  {
    label: "File",
    mnemonic: "f",
    items: () => [
      shortcutItem("Ctrl+N", "New Draft"),
      shortcutItem("Ctrl+O", "Open Drafts Folder…"),
      ...(recentFolders.length
        ? [
            { heading: "Recent drafts folders" },
            ...recentFolders.map((dir) => ({
              label: dir.split("/").pop() || dir,
              detail: dir,
              run: () => void openRecent(dir),
            })),
          ]
        : []),
      "-",
      shortcutItem("F2", "Rename Draft…", { disabled: noDraft }),
      { label: "Move Draft to Trash…", run: () => void deleteCurrent(), disabled: noDraft },
      "-",
      shortcutItem("Ctrl+E", "Export to Blog…", { disabled: noDraft }),
      shortcutItem("Ctrl+Shift+B", "Check Against the Site", { disabled: noDraft }),
      "-",
      { label: "Quit", keys: "Ctrl+Q", run: () => void ipc.closeWindow().catch(report) },
    ],
  },
  {
    label: "Edit",
    mnemonic: "e",
    items: () => [
      editorItem("Ctrl+Z", "Undo", "undo"),
      editorItem("Ctrl+Shift+Z", "Redo", "redo"),
      "-",
      editorItem("Ctrl+A", "Select All", "selectAll"),
      editorItem("Ctrl+F", "Find and Replace", "find"),
      shortcutItem("Ctrl+Shift+F", "Search All Drafts…"),
      "-",
      editorItem("Ctrl+B", "Bold", "bold"),
      editorItem("Ctrl+I", "Italic", "italic"),
      "-",
      editorItem("Ctrl+Shift+M", "Publish Checks", "findings"),
      editorItem("F7", "Next Finding", "nextFinding"),
    ],
  },
  {
    label: "View",
    mnemonic: "v",
    items: () => [
      shortcutItem("Ctrl+Shift+P", "Preview", { checked: () => !isOn("no-preview")() }),
      shortcutItem("F8", "Focus Mode", { checked: isOn("focus") }),
    ],
  },
  {
    label: "Help",
    mnemonic: "h",
    items: () => [
      shortcutItem("F1", "Keyboard Shortcuts"),
      {
        label: "About Blogdesk",
        run: () =>
          showNotice(
            `Blogdesk ${version}: write blog posts in Markdown with a live preview, and publish them to Jekyll or Hugo.`,
          ),
      },
    ],
  },
];
const menuBar = new MenuBar($("menubar"), MENUS);

/** F1: the shortcuts panel. */
function showHelp(): void {
  const help = $<HTMLDialogElement>("help");
  if (!help.open) help.showModal();
}

/** F8: hides the draft list and the preview, or brings them back. */
function toggleFocus(): void {
  const on = document.getElementById("app")?.classList.toggle("focus") ?? false;
  $("focus-mode").hidden = !on;
  syncPreviewHidden();
  editor.focus();
}

function wire(): void {
  initStatusBar();
  $("export-draft").addEventListener("click", () => void exportCurrent().catch(report));
  $("new-draft").addEventListener("click", () => void newDraft());
  $("open-folder").addEventListener("click", () => void openFolder());
  $("rename-draft").addEventListener("click", () => void renameCurrent());
  $("delete-draft").addEventListener("click", () => void deleteCurrent());
  $("toggle-preview").addEventListener("click", togglePreview);
  renderHelp($("help-list"), SHORTCUTS);
  $("help-close").addEventListener("click", () => $<HTMLDialogElement>("help").close());
  $("search-close").addEventListener("click", () => searchPanel.close());
  // The export dialog may have chosen another blog folder.
  $("export-dialog").addEventListener("close", () => void enginePicker.refresh().catch(report));
  $("help-button").addEventListener("click", showHelp);
  window.addEventListener("keydown", (e) => {
    if (menuBar.windowKey(e)) {
      e.preventDefault();
      return;
    }
    const shortcut = matching(SHORTCUTS, e);
    if (shortcut) {
      e.preventDefault();
      shortcut.run();
    }
  });
  window.addEventListener("focus", () => void refreshList());
  void ipc.onWindowClose(async () => {
    await current?.save();
  });
}

wire();
booting
  .then((s) => start(s, watching, firstListing))
  .catch(report)
  .finally(() => document.body.setAttribute("data-ready", "true"));
