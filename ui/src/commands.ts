/**
 * The window's commands: its keyboard shortcuts and its menus, from one
 * table so a menu item and its key always do the same thing.
 */
import { type Desk, report } from "./desk";
import { byTestid } from "./dom";
import type { EditorCommand } from "./editor";
import * as ipc from "./ipc";
import { LinkPicker } from "./link-picker";
import { type Menu, MenuBar, type MenuItem } from "./menu-bar";
import { deleteCurrent, newDraft, openFolder, openRecent, renameCurrent } from "./session";
import { EDITOR_SHORTCUTS, matching, renderHelp, type WindowShortcut } from "./shortcuts";
import { TaxonomyPanel } from "./taxonomy-panel";

/** The parts of the window the commands drive besides the desk. */
export interface CommandParts {
  search(): void;
  closeSearch(): void;
  exportDrafts(paths: string[]): Promise<void>;
  checkSite(path: string, text: string): Promise<void>;
  editorCommand(name: EditorCommand): void;
  /** Links the editor's selection (or `title`) to `url`. */
  insertLink(url: string, title: string): void;
}

/** A shortcut from its keys as written ("Ctrl+Shift+F", "F1"). */
function shortcut(keys: string, what: string, run: () => void): WindowShortcut {
  const parts = keys.split("+");
  const last = parts[parts.length - 1];
  return {
    keys,
    what,
    run,
    key: last.length === 1 ? last.toLowerCase() : last,
    ctrl: parts.includes("Ctrl"),
    shift: parts.includes("Shift"),
  };
}

/**
 * Builds the open draft with the blog's engine and shows where the site
 * differs from the preview. Asks for the blog folder when none is set.
 */
async function checkAgainstSite(d: Desk, w: CommandParts): Promise<void> {
  const path = d.store.state.open;
  if (path === null) return;
  if (!(await ipc.blogSite())) {
    if (!(await ipc.pickBlogFolder())) {
      d.store.dispatch({
        type: "notice",
        text: "Choose the blog folder (a Jekyll, Hugo or Zola site) to check the draft against.",
      });
      return;
    }
    await d.side.refreshEngine();
  }
  if (d.store.state.open !== path) return;
  d.store.dispatch({ type: "show-preview" });
  await w.checkSite(path, d.editor.doc.toString());
}

/** Saves the open draft, then shows the export dialog for it. */
async function exportCurrent(d: Desk, w: CommandParts): Promise<void> {
  const open = d.current;
  if (!open) return;
  await open.save();
  await w.exportDrafts([open.path]);
}

/** The window's shortcuts (the editor's own are in editor.ts); F1 lists them all. */
function windowShortcuts(
  d: Desk,
  w: CommandParts & { help(): void; menu(): void; linkTo(): void; taxonomy(): void },
): WindowShortcut[] {
  const fail = (e: unknown) => report(d.store, e);
  return [
    shortcut("F1", "This list", () => w.help()),
    shortcut("Ctrl+N", "New draft", () => void newDraft(d)),
    shortcut("Ctrl+O", "Open another drafts folder", () => void openFolder(d)),
    shortcut("Ctrl+Shift+F", "Search all drafts", () => w.search()),
    shortcut("F2", "Rename the draft", () => void renameCurrent(d)),
    shortcut("Ctrl+K", "Link to a post of the blog or another draft", () => w.linkTo()),
    shortcut("Ctrl+E", "Export the draft to the blog", () => void exportCurrent(d, w).catch(fail)),
    shortcut("Ctrl+Shift+P", "Show or hide the preview", () =>
      d.store.dispatch({ type: "toggle-preview" }),
    ),
    shortcut(
      "Ctrl+Shift+B",
      "Check against the site: build the draft with the blog's own engine and mark where it differs from the preview",
      () => void checkAgainstSite(d, w).catch(fail),
    ),
    shortcut("F8", "Focus mode: the editor alone (F8 again to leave)", () => {
      d.store.dispatch({ type: "toggle-focus" });
      d.editor.focus();
    }),
    shortcut("Ctrl+Q", "Quit (the draft is saved first)", () => void ipc.closeWindow().catch(fail)),
    shortcut("F10", "The menu (Alt+F, Alt+E, Alt+V, Alt+H open one menu)", () => w.menu()),
  ];
}

/** The application menu; each item's shortcut is the one the keyboard runs. */
function windowMenus(
  d: Desk,
  w: CommandParts & { taxonomy(): void },
  shortcuts: WindowShortcut[],
): Menu[] {
  const noDraft = () => d.store.state.open === null;
  const keyed = (keys: string, label: string, more: Partial<MenuItem> = {}): MenuItem => {
    const s = shortcuts.find((x) => x.keys === keys);
    if (!s) throw new Error(`no window shortcut ${keys}`);
    return { label, keys, run: () => s.run(), ...more };
  };
  const edit = (keys: string, label: string, command: EditorCommand): MenuItem => {
    if (!EDITOR_SHORTCUTS.some((s) => s.keys === keys))
      throw new Error(`no editor shortcut ${keys}`);
    return { label, keys, run: () => w.editorCommand(command), disabled: noDraft };
  };
  return [
    {
      label: "File",
      mnemonic: "f",
      items: () => [
        keyed("Ctrl+N", "New Draft"),
        keyed("Ctrl+O", "Open Drafts Folder…"),
        ...(d.store.state.recent.length
          ? [
              { heading: "Recent drafts folders" },
              ...d.store.state.recent.map((dir) => ({
                label: dir.split("/").pop() || dir,
                detail: dir,
                run: () => void openRecent(d, dir),
              })),
            ]
          : []),
        "-",
        keyed("F2", "Rename Draft…", { disabled: noDraft }),
        { label: "Move Draft to Trash…", run: () => void deleteCurrent(d), disabled: noDraft },
        "-",
        keyed("Ctrl+E", "Export to Blog…", { disabled: noDraft }),
        keyed("Ctrl+Shift+B", "Check Against the Site", { disabled: noDraft }),
        "-",
        keyed("Ctrl+Q", "Quit"),
      ],
    },
    {
      label: "Edit",
      mnemonic: "e",
      items: () => [
        edit("Ctrl+Z", "Undo", "undo"),
        edit("Ctrl+Shift+Z", "Redo", "redo"),
        "-",
        edit("Ctrl+A", "Select All", "selectAll"),
        edit("Ctrl+F", "Find and Replace", "find"),
        keyed("Ctrl+Shift+F", "Search All Drafts…"),
        "-",
        edit("Ctrl+B", "Bold", "bold"),
        edit("Ctrl+I", "Italic", "italic"),
        keyed("Ctrl+K", "Link to a Post…", { disabled: noDraft }),
        "-",
        edit("Ctrl+Shift+M", "Publish Checks", "findings"),
        edit("F7", "Next Finding", "nextFinding"),
      ],
    },
    {
      label: "View",
      mnemonic: "v",
      items: () => [
        keyed("Ctrl+Shift+P", "Preview", { checked: () => d.store.state.previewShown }),
        keyed("F8", "Focus Mode", { checked: () => d.store.state.focusMode }),
        "-",
        { label: "The Blog's Terms…", run: () => w.taxonomy() },
      ],
    },
    {
      label: "Help",
      mnemonic: "h",
      items: () => [
        keyed("F1", "Keyboard Shortcuts"),
        {
          label: "About Blogdesk",
          run: () =>
            d.store.dispatch({
              type: "notice",
              text: `Blogdesk ${d.store.state.version}: write blog posts in Markdown with a live preview, and publish them to Jekyll or Hugo.`,
            }),
        },
      ],
    },
  ];
}

const $ = byTestid;

/**
 * Puts the commands in the window: the keys, the menu bar, the buttons that
 * run a shortcut, the help panel's list. Returns a runner of a shortcut by
 * its keys.
 */
export function installCommands(d: Desk, w: CommandParts): (keys: string) => void {
  const help = $<HTMLDialogElement>("help");
  const taxonomy = new TaxonomyPanel({
    terms: ipc.taxonomyTerms,
    plan: ipc.renameTermPlan,
    rename: ipc.renameTerm,
    ask: (title, initial) => d.ask.text(title, initial, "Next"),
    message: ipc.errorMessage,
  });
  const links = new LinkPicker({
    targets: ipc.linkTargets,
    choose: (t) => w.insertLink(t.url, t.title),
    report: (e) => report(d.store, e),
  });
  const shortcuts = windowShortcuts(d, {
    ...w,
    help: () => help.open || help.showModal(),
    menu: () => menuBar.show(0, true),
    taxonomy: () => void taxonomy.open(),
    linkTo: () => {
      const from = d.store.state.open;
      if (from !== null) void links.open(from);
    },
  });
  const menuBar = new MenuBar(
    $("menubar"),
    windowMenus(d, { ...w, taxonomy: () => void taxonomy.open() }, shortcuts),
  );
  const run = (keys: string) => shortcuts.find((x) => x.keys === keys)?.run();
  for (const [id, keys] of [
    ["new-draft", "Ctrl+N"],
    ["open-folder", "Ctrl+O"],
    ["rename-draft", "F2"],
    ["export-draft", "Ctrl+E"],
    ["toggle-preview", "Ctrl+Shift+P"],
    ["help-button", "F1"],
  ]) {
    $(id).addEventListener("click", () => run(keys));
  }
  $("delete-draft").addEventListener("click", () => void deleteCurrent(d));
  renderHelp($("help-list"), shortcuts);
  $("help-close").addEventListener("click", () => help.close());
  $("search-close").addEventListener("click", () => w.closeSearch());
  window.addEventListener("keydown", (e) => {
    if (menuBar.windowKey(e)) return e.preventDefault();
    const s = matching(shortcuts, e);
    if (s) {
      e.preventDefault();
      s.run();
    }
  });
  return run;
}
