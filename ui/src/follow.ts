/** What follows the editor's text as it changes: the preview, the counts, the form. */
import type { Desk } from "./desk";
import type { TextEdit } from "./editor";

/** Past this many characters, counts and the form wait for longer pauses in typing. */
const BIG_TEXT = 500_000;
let countTimer: ReturnType<typeof setTimeout> | undefined;

/** The editor's text changed (`edit`: how, when known). */
export function textChanged(d: Desk, edit?: TextEdit): void {
  const path = d.store.state.open;
  if (!d.current || path === null) return;
  d.preview.schedule(path, d.editor.doc, edit);
  clearTimeout(countTimer);
  const big = d.editor.length > BIG_TEXT;
  countTimer = setTimeout(() => d.side.counts(d.editor.text), big ? 2000 : 150);
  d.forms.refresh(big ? 500 : 60);
}
