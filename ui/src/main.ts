/** Starts the UI: wires the draft list, the editor, the preview and saving. */
import "./style.css";
import * as ipc from "./ipc";
import { Editor } from "./editor";
import { Preview } from "./preview";
import { DraftList } from "./draft-list";
import { OpenDraft } from "./autosave";
import { askText, confirmAction } from "./dialog";
import { initStatusBar, setStatus, setFolder, setCounts, showError, clearError } from "./status-bar";

const $ = <T extends HTMLElement>(testid: string) => document.querySelector<T>(`[data-testid="${testid}"]`)!;

let current: OpenDraft | null = null;
let countTimer: number | undefined;

const preview = new Preview($("preview"));
const editor = new Editor($("editor"), {
  onChange: () => {
    if (!current) return;
    current.changed();
    const path = current.path;
    preview.schedule(path, () => editor.text);
    window.clearTimeout(countTimer);
    countTimer = window.setTimeout(() => setCounts(editor.text), 150);
  },
  onSave: () => void current?.save(),
});
const list = new DraftList($("draft-list"), $("draft-filter"), { onOpen: (p) => void openDraft(p) });

function report(e: unknown): void {
  showError(ipc.errorMessage(e));
}

async function refreshList(): Promise<void> {
  try {
    list.set(await ipc.listDrafts());
  } catch (e) {
    report(e);
  }
}

function showEditor(open: boolean): void {
  $("editor").hidden = !open;
  $("empty-state").hidden = open;
  $<HTMLButtonElement>("rename-draft").disabled = !open;
  $<HTMLButtonElement>("delete-draft").disabled = !open;
}

/** Saves the open draft, then opens `path`. Stays on the old one if it cannot be saved. */
async function openDraft(path: string): Promise<void> {
  if (current?.path === path) return;
  if (current) {
    await current.save();
    if (current.dirty) return; // the save failed: keep the writer's text on screen
  }
  try {
    const draft = await ipc.openDraft(path);
    current = new OpenDraft(draft, () => editor.text, () => void refreshList());
    editor.load(draft.text);
    showEditor(true);
    list.select(path);
    preview.now(path, draft.text);
    setCounts(draft.text);
    setStatus("saved", "Opened");
    clearError();
  } catch (e) {
    report(e);
  }
}

function closeDraft(): void {
  current = null;
  editor.load("");
  showEditor(false);
  preview.clear();
  setCounts(null);
  setStatus("idle");
  list.select(null);
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
  if (current) await current.save();
  try {
    const s = await ipc.pickFolder();
    if (!s) return;
    closeDraft();
    await start(s);
  } catch (e) {
    report(e);
  }
}

async function start(s: ipc.Session): Promise<void> {
  setFolder(s.drafts_dir);
  if (s.notice) showError(s.notice.message);
  await refreshList();
  const first = s.last_draft ?? list.all[0]?.path;
  if (first) await openDraft(first);
  else showEditor(false);
}

function wire(): void {
  initStatusBar();
  $("new-draft").addEventListener("click", () => void newDraft());
  $("open-folder").addEventListener("click", () => void openFolder());
  $("rename-draft").addEventListener("click", () => void renameCurrent());
  $("delete-draft").addEventListener("click", () => void deleteCurrent());
  window.addEventListener("keydown", (e) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && !e.shiftKey && e.key.toLowerCase() === "n") {
      e.preventDefault();
      void newDraft();
    } else if (mod && !e.shiftKey && e.key.toLowerCase() === "o") {
      e.preventDefault();
      void openFolder();
    } else if (e.key === "F2") {
      e.preventDefault();
      void renameCurrent();
    }
  });
  window.addEventListener("focus", () => void refreshList());
  void ipc.onWindowClose(async () => {
    await current?.save();
  });
}

wire();
ipc
  .session()
  .then(start)
  .catch(report)
  .finally(() => document.body.setAttribute("data-ready", "true"));
