/**
 * Typed characters go into the text through CodeMirror, never through
 * WebKit's own editing. WebKit keeps an undo step for every edit it makes
 * in a contenteditable element — with no bound, and holding the DOM nodes
 * the edit touched even after CodeMirror has replaced them — in the web
 * process (and a proxy for it in the app's): with a 1 MB post, ten minutes
 * of fast typing grew the web process by ~90 MiB. CodeMirror has its own
 * history and never asks for WebKit's, so the page cancels `beforeinput`'s
 * `insertText` and applies the same text itself, through the input
 * handlers (closing brackets…) as CodeMirror's own DOM reading would.
 *
 * Left to WebKit: composition (input methods, dead keys), which CodeMirror
 * reads back from the DOM, and anything whose target is not the editor's
 * main selection as CodeMirror knows it (a selection not yet synced).
 */
import type { Extension } from "@codemirror/state";
import { EditorView } from "@codemirror/view";

/** The editor's range `e` would replace, if it is one range CodeMirror can place. */
function target(view: EditorView, e: InputEvent): { from: number; to: number } | null {
  const ranges = e.getTargetRanges();
  if (ranges.length !== 1) return null;
  const [r] = ranges;
  try {
    const a = view.posAtDOM(r.startContainer, r.startOffset);
    const b = view.posAtDOM(r.endContainer, r.endOffset);
    return { from: Math.min(a, b), to: Math.max(a, b) };
  } catch {
    return null; // outside the editor's content
  }
}

/**
 * Applies a typed `text` where the writer's main selection is, as typing:
 * the input handlers first, else a replacement of every selected range
 * (one history event with the keys typed next to it). False when it is not
 * the editor's to apply (then WebKit's editing should).
 */
export function applyTyped(
  view: EditorView,
  text: string,
  at: { from: number; to: number },
): boolean {
  const { main } = view.state.selection;
  if (at.from !== main.from || at.to !== main.to) return false;
  const insert = () =>
    view.state.update(view.state.replaceSelection(text), {
      userEvent: "input.type",
      scrollIntoView: true,
    });
  const handled = view.state
    .facet(EditorView.inputHandler)
    .some((h) => h(view, main.from, main.to, text, insert));
  if (!handled) view.dispatch(insert());
  return true;
}

/**
 * Puts the page's selection where CodeMirror's cursor now is, always.
 * CodeMirror skips that when the page's selection already reads as the
 * right place, but WebKit may hold it at an equivalent place that the new
 * text is now after (the end of the text before a bracket's highlight
 * rather than the start of the bracket's): the next key would land one
 * character behind.
 */
function placeCursor(view: EditorView): void {
  const { main } = view.state.selection;
  const page = document.getSelection();
  if (!main.empty || !page) return;
  const { node, offset } = view.domAtPos(main.head);
  page.collapse(node, offset);
}

/** The extension: typed text applied by CodeMirror, not by WebKit's editing. */
export function typedText(): Extension {
  return EditorView.domEventHandlers({
    beforeinput(e, view) {
      if (e.inputType !== "insertText" || !e.data || view.state.readOnly) return false;
      if (view.compositionStarted || e.isComposing) return false;
      const at = target(view, e);
      if (!at || !applyTyped(view, e.data, at)) return false;
      e.preventDefault();
      placeCursor(view);
      return true;
    },
  });
}
