/**
 * The keyboard shortcuts: the window's own (run here, from one keydown
 * handler) and the editor's (run by CodeMirror), listed together in the
 * help panel (F1) so the list cannot drift from what the keys do.
 */

/** A shortcut as the help panel lists it. */
export interface Shortcut {
  keys: string;
  what: string;
}

/** A window shortcut: `key` is `KeyboardEvent.key` (case-insensitive). */
export interface WindowShortcut extends Shortcut {
  key: string;
  ctrl: boolean;
  shift: boolean;
  run(): void;
}

/** Shortcuts CodeMirror handles in the editor (see editor.ts's keymap). */
export const EDITOR_SHORTCUTS: Shortcut[] = [
  { keys: "Ctrl+S", what: "Save now (drafts also save themselves a second after you stop typing)" },
  { keys: "Ctrl+B", what: "Bold" },
  { keys: "Ctrl+I", what: "Italic" },
  { keys: "Ctrl+F", what: "Find and replace in the draft" },
  { keys: "Ctrl+A", what: "Select all" },
  { keys: "Ctrl+Z", what: "Undo" },
  { keys: "Ctrl+Shift+Z", what: "Redo" },
  { keys: "Tab / Shift+Tab", what: "Indent / outdent the lines" },
  { keys: "Ctrl+Shift+M", what: "List the publish checks' findings, with their fixes" },
  { keys: "F7", what: "Go to the next finding" },
  {
    keys: "Ctrl+V",
    what: "Paste; an image (or image files dropped on the editor) is copied beside the draft and linked",
  },
];

/** The shortcut `e` presses among `list`, if any. */
export function matching(list: WindowShortcut[], e: KeyboardEvent): WindowShortcut | undefined {
  const ctrl = e.ctrlKey || e.metaKey;
  return list.find(
    (s) => s.ctrl === ctrl && s.shift === e.shiftKey && s.key.toLowerCase() === e.key.toLowerCase(),
  );
}

/** Fills the help panel's list: the window's shortcuts, then the editor's. */
export function renderHelp(list: HTMLElement, window: WindowShortcut[]): void {
  const rows = [...window, ...EDITOR_SHORTCUTS].map(({ keys, what }) => {
    const dt = document.createElement("dt");
    for (const [k, part] of keys.split("+").entries()) {
      if (k > 0) dt.append("+");
      const kbd = document.createElement("kbd");
      kbd.textContent = part;
      dt.append(kbd);
    }
    const dd = document.createElement("dd");
    dd.textContent = what;
    return [dt, dd];
  });
  list.replaceChildren(...rows.flat());
}
