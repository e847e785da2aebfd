/**
 * Starts the UI: builds the window's parts, the store and its view, and
 * wires events to the flows (`session.ts`, `conflicts.ts`, `watcher.ts`,
 * `commands.ts`…). The window's state lives in `state.ts` alone.
 */
import "./idle";
import "./style.css";
import { installCommands } from "./commands";
import { saveAgain, settle } from "./conflicts";
import { type Desk, report } from "./desk";
import { askText, askTextAndChoice, confirmAction } from "./dialog";
import { byTestid, find } from "./dom";
import { DraftList } from "./draft-list";
import { Editor } from "./editor";
import { EnginePicker } from "./engine-picker";
import { ExportDialog } from "./export-dialog";
import { textChanged } from "./follow";
import { FormSync } from "./form-sync";
import { FrontMatterForm } from "./front-matter-form";
import * as ipc from "./ipc";
import { ListSync } from "./list-sync";
import { Preview } from "./preview";
import { showRecovery } from "./recovery-banner";
import { ScrollSync } from "./scroll-sync";
import { SearchPanel } from "./search-panel";
import { followPause, openAt, openDraft, start } from "./session";
import { SiteCheck } from "./site-check";
import { Store } from "./state";
import { setCounts, setSelection } from "./status-bar";
import { View } from "./view";
import { onDraftsEvent } from "./watcher";

// Asked for before the page builds anything, so Rust opens the session,
// watches the folder and lists it while the editor is being set up.
const booting = ipc.session();
const watching = ipc.watchDrafts((e) => onDraftsEvent(desk, e)).catch((e) => fail(e));
const firstListing = watching.then(() => ipc.listDrafts());

const $ = byTestid;
const store = new Store();
const fail = (e: unknown) => report(store, e);

const preview = new Preview($("preview"));
const editor = new Editor($("editor"), {
  onChange: (_view, edit) => {
    desk.current?.changed(editor.length);
    textChanged(desk, edit);
  },
  onSave: () =>
    void (store.state.paused?.kind === "removed" ? saveAgain(desk) : desk.current?.save()),
  onSelection: (chars) => setSelection(chars),
  checker: {
    check: (text) => {
      const path = store.state.open;
      return path === null ? Promise.resolve(null) : ipc.checkDraft(path, text);
    },
    addWord: ipc.addWord,
  },
  images: { draft: () => store.state.open, attach: ipc.attachImage, onError: fail },
});
ScrollSync.between(editor, preview, find<HTMLElement>(".preview-pane"));
const list = new DraftList($("draft-list"), $("draft-filter"), {
  onOpen: (p) => void openDraft(desk, p),
});
const form = new FrontMatterForm(
  $<HTMLDetailsElement>("fm"),
  (edit) => desk.forms.edit(edit),
  ipc.taxonomyTerms,
);
const siteCheck = new SiteCheck($("site-check"), {
  check: ipc.checkAgainstSite,
  cancel: ipc.cancelSiteCheck,
  save: async () => await desk.current?.save(),
  again: () => run("Ctrl+Shift+B"),
  mark: (lines) => void preview.markSiteDifferences(lines),
  goTo: (line) => {
    editor.goToLine(line);
    preview.showLine(line);
    editor.focus();
  },
  message: ipc.errorMessage,
  code: (e) => (ipc.isIpcError(e) ? e.code : null),
});
const engine = new EnginePicker(
  $<HTMLSelectElement>("engine"),
  $<HTMLButtonElement>("connect-blog"),
  {
    view: ipc.previewProfile,
    choose: ipc.chooseEngine,
    connect: async () => (await ipc.pickBlogFolder()) !== null,
    changed: () => {
      if (store.state.open !== null) preview.now(store.state.open, editor.doc);
    },
    report: fail,
  },
);
const desk: Desk = {
  store,
  editor,
  preview,
  list,
  form,
  ask: { text: askText, textAndChoice: askTextAndChoice, confirm: confirmAction },
  side: {
    counts: setCounts,
    recovery: showRecovery,
    closeSiteCheck: () => siteCheck.close(),
    refreshEngine: () => engine.refresh(),
  },
  lists: new ListSync(list, store),
  forms: new FormSync(editor, form, store, () => desk.current),
  current: null,
};
const searchPanel = SearchPanel.inPage({
  search: ipc.searchDrafts,
  open: (path, line) => void openAt(desk, path, line),
});
const exporter = new ExportDialog(
  () => void desk.lists.refresh(),
  () => list.all.map((d) => d.path),
);
const run = installCommands(desk, {
  search: () => searchPanel.show(),
  closeSearch: () => searchPanel.close(),
  exportDrafts: (paths) => exporter.open(paths),
  checkSite: (path, text) => siteCheck.run(path, text),
  editorCommand: (name) => editor.command(name),
  insertLink: (url, title) => editor.insertLink(url, title),
});
// The export dialog may have chosen another blog folder.
$("export-dialog").addEventListener("close", () => void engine.refresh().catch(fail));

// The view draws the state; the open draft's saving follows its pause.
const view = new View({
  settle: (choice) => void settle(desk, choice),
  saveAgain: () => void saveAgain(desk),
  dismiss: () => store.dispatch({ type: "dismiss" }),
  previewHidden: (hidden) => preview.setHidden(hidden),
});
view.render(store.state);
store.subscribe((s, before) => view.render(s, before));
followPause(desk);
window.addEventListener("focus", () => void desk.lists.refresh());
void ipc.onWindowClose(async () => await desk.current?.save());

booting
  .then((s) => start(desk, s, watching, firstListing))
  .catch(fail)
  .finally(() => document.body.setAttribute("data-ready", "true"));
