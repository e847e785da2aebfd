/**
 * The Markdown language in the editor: GFM with front matter, switched off
 * for very long texts (and back on), and the formatting commands.
 */
import { markdownKeymap, markdownLanguage, pasteURLAsLink } from "@codemirror/lang-markdown";
import { Language, LanguageSupport } from "@codemirror/language";
import { Compartment, EditorSelection, type Extension, Prec } from "@codemirror/state";
import { type EditorView, keymap } from "@codemirror/view";
import type { MarkdownParser } from "@lezer/markdown";
import { frontMatter } from "./front-matter-syntax";

/** Wraps the selection in `mark` (or removes it when already wrapped). */
export function toggleWrap(view: EditorView, mark: string): boolean {
  const doc = view.state.doc;
  const changes = view.state.changeByRange((range) => {
    const { from, to } = range;
    const before = doc.sliceString(Math.max(0, from - mark.length), from);
    const after = doc.sliceString(to, Math.min(doc.length, to + mark.length));
    if (before === mark && after === mark) {
      return {
        changes: [
          { from: from - mark.length, to: from },
          { from: to, to: to + mark.length },
        ],
        range: EditorSelection.range(from - mark.length, to - mark.length),
      };
    }
    return {
      changes: [
        { from, insert: mark },
        { from: to, insert: mark },
      ],
      range: EditorSelection.range(from + mark.length, to + mark.length),
    };
  });
  view.dispatch(view.state.update(changes, { scrollIntoView: true, userEvent: "input.format" }));
  return true;
}

const syntax = new Compartment();

/**
 * Past this many characters the editor stops parsing Markdown (no syntax
 * colours): CodeMirror re-parses a long document in the background after
 * every edit, and on a 1 MB post that work delays keystrokes by tens of
 * milliseconds. Colours come back below [SYNTAX_ON] (a gap, so a text near
 * the limit does not switch back and forth).
 */
export const SYNTAX_OFF = 300_000;
const SYNTAX_ON = 250_000;
/**
 * GFM Markdown with front matter, list continuation on Enter and Backspace,
 * and a pasted URL over a selection making a link. Built from lang-markdown's
 * parts rather than its `markdown()`, which also loads the HTML, CSS and
 * JavaScript grammars (for colouring raw HTML and completing its tags) and
 * made the page's script a fifth larger to load at start.
 */
const markdownSyntax = () =>
  new LanguageSupport(
    // Same language data as lang-markdown's, so its commands know the text is Markdown.
    new Language(
      markdownLanguage.data,
      (markdownLanguage.parser as MarkdownParser).configure([frontMatter]),
      [],
      "markdown",
    ),
    [Prec.high(keymap.of(markdownKeymap)), pasteURLAsLink],
  );
/** The Markdown language for a text of `length` characters (none past [SYNTAX_OFF]). */
export function markdownFor(length: number): Extension {
  return syntax.of(length > SYNTAX_OFF ? [] : markdownSyntax());
}

/** Turns Markdown parsing off or on when the text crossed [SYNTAX_OFF] or [SYNTAX_ON]. */
export function followLength(view: EditorView): void {
  const wanted = () => {
    const length = view.state.doc.length;
    return parsesMarkdown(view) ? length <= SYNTAX_OFF : length < SYNTAX_ON;
  };
  if (wanted() === parsesMarkdown(view)) return;
  // Not inside the update being applied; checked again in case of more edits.
  queueMicrotask(() => {
    const want = wanted();
    if (want !== parsesMarkdown(view))
      view.dispatch({ effects: syntax.reconfigure(want ? markdownSyntax() : []) });
  });
}

/** True when the editor parses the text as Markdown (see [SYNTAX_OFF]). */
function parsesMarkdown(view: EditorView): boolean {
  const ext = syntax.get(view.state);
  return !(Array.isArray(ext) && ext.length === 0);
}

/**
 * Makes the selection a link to `url` (`[selection](url)`), or inserts
 * `[title](url)` at the cursor when nothing is selected; the cursor ends
 * after the link.
 */
export function insertLink(view: EditorView, url: string, title: string): boolean {
  const changes = view.state.changeByRange((range) => {
    const text = view.state.sliceDoc(range.from, range.to) || title.replace(/[[\]]/g, "\\$&");
    const link = `[${text}](${url})`;
    return {
      changes: { from: range.from, to: range.to, insert: link },
      range: EditorSelection.cursor(range.from + link.length),
    };
  });
  view.dispatch(view.state.update(changes, { scrollIntoView: true, userEvent: "input.link" }));
  return true;
}
