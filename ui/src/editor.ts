/**
 * The Markdown editor (CodeMirror 6): highlighting with front matter,
 * wrapping, history, search/replace, bracket and list continuation, and the
 * formatting shortcuts. It reports changes; it never talks to Rust.
 */

import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import {
  defaultKeymap,
  history,
  historyKeymap,
  indentWithTab,
  redo,
  selectAll,
  undo,
} from "@codemirror/commands";
import { bracketMatching, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { nextDiagnostic, openLintPanel } from "@codemirror/lint";
import { highlightSelectionMatches, openSearchPanel, searchKeymap } from "@codemirror/search";
import {
  Annotation,
  type ChangeSet,
  Compartment,
  EditorState,
  type Extension,
  type Text,
} from "@codemirror/state";
import {
  crosshairCursor,
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightSpecialChars,
  keymap,
  rectangularSelection,
} from "@codemirror/view";
import { classHighlighter } from "@lezer/highlight";
import { type ImageHooks, imagePasteAndDrop } from "./images";
import { type Checker, publishChecks } from "./lint";
import { followLength, insertLink, markdownFor, toggleWrap } from "./markdown-syntax";
import { characters } from "./status-bar";
import { stillCursor } from "./still-cursor";
import { minimalChange } from "./text-change";
import { typedText } from "./typed-text";

/** A change of the editor's text: `changes` turn `from` into the new text. */
export interface TextEdit {
  from: Text;
  changes: ChangeSet;
}

export interface EditorHooks {
  /** Called after every change of the text by the writer. */
  onChange(view: EditorView, edit: TextEdit): void;
  /** Ctrl+S. */
  onSave(): void;
  /** The selection changed: `chars` characters are selected (0: none). */
  onSelection?(chars: number): void;
  /** The publish checks, shown in the lint gutter. */
  checker?: Checker;
  /** Pasted and dropped image files: copied beside the draft, linked at the cursor. */
  images?: ImageHooks;
}

const darkMode = new Compartment();
/** Marks changes that came from disk, not from the writer. */
const fromDisk = Annotation.define<boolean>();

const prefersDark = window.matchMedia("(prefers-color-scheme: dark)");

function extensions(hooks: EditorHooks, length: number): Extension[] {
  return [
    highlightSpecialChars(),
    history(),
    drawSelection(),
    stillCursor(),
    typedText(),
    dropCursor(),
    EditorState.allowMultipleSelections.of(true),
    indentOnInput(),
    syntaxHighlighting(classHighlighter),
    bracketMatching(),
    closeBrackets(),
    rectangularSelection(),
    crosshairCursor(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    EditorView.lineWrapping,
    markdownFor(length),
    hooks.checker ? publishChecks(hooks.checker) : [],
    hooks.images ? imagePasteAndDrop(hooks.images) : [],
    keymap.of([
      {
        key: "Mod-s",
        preventDefault: true,
        run: () => {
          hooks.onSave();
          return true;
        },
      },
      { key: "Mod-b", preventDefault: true, run: (v) => toggleWrap(v, "**") },
      { key: "Mod-i", preventDefault: true, run: (v) => toggleWrap(v, "_") },
      ...closeBracketsKeymap,
      ...defaultKeymap,
      ...searchKeymap,
      ...historyKeymap,
      indentWithTab,
    ]),
    darkMode.of(EditorView.darkTheme.of(prefersDark.matches)),
    EditorView.contentAttributes.of({
      spellcheck: "false",
      autocorrect: "off",
      "aria-label": "Draft text",
      // In the tab order by name too, so the scroller around it counts as
      // reachable by keyboard (axe's scrollable-region-focusable).
      tabindex: "0",
    }),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) followLength(u.view);
      if (u.selectionSet && hooks.onSelection) {
        const { state } = u;
        hooks.onSelection(
          state.selection.ranges.reduce((n, r) => n + characters(state.sliceDoc(r.from, r.to)), 0),
        );
      }
      // load() replaces the state without a transaction and replace() marks
      // its change, so every other change is the writer's (typing, paste,
      // undo, search/replace…).
      if (u.docChanged && !u.transactions.some((t) => t.annotation(fromDisk)))
        hooks.onChange(u.view, { from: u.startState.doc, changes: u.changes });
    }),
  ];
}

/** The editor in `parent`; `load` replaces the document and its history. */
export class Editor {
  readonly view: EditorView;
  private readonly hooks: EditorHooks;

  constructor(parent: HTMLElement, hooks: EditorHooks) {
    this.hooks = hooks;
    this.view = new EditorView({
      parent,
      state: EditorState.create({ doc: "", extensions: extensions(hooks, 0) }),
    });
    prefersDark.addEventListener("change", (e) =>
      this.view.dispatch({ effects: darkMode.reconfigure(EditorView.darkTheme.of(e.matches)) }),
    );
  }

  /** Shows a new draft: fresh undo history, cursor at the top. */
  load(text: string): void {
    this.view.setState(
      EditorState.create({ doc: text, extensions: extensions(this.hooks, text.length) }),
    );
  }

  /**
   * Replaces the text with a version from disk, keeping the cursor, the
   * selection and the scroll position as near as the change allows. The
   * writer can undo it; it is not reported as the writer's change.
   */
  replace(text: string): void {
    const change = minimalChange(this.text, text);
    if (change.from === change.to && change.insert === "") return;
    const scroller = this.view.scrollDOM;
    const top = scroller.scrollTop;
    this.view.dispatch({ changes: change, annotations: fromDisk.of(true) });
    scroller.scrollTop = top;
  }

  /**
   * Replaces `from..to` with `insert` as the writer's own change (from the
   * front matter form): undoable, reported like typing, cursor mapped through.
   */
  edit(from: number, to: number, insert: string): void {
    const old = this.view.state.doc.sliceString(from, to);
    const change = minimalChange(old, insert);
    if (change.from === change.to && change.insert === "") return;
    this.view.dispatch({
      changes: { from: from + change.from, to: from + change.to, insert: change.insert },
      userEvent: "input.form",
    });
  }

  /** The text's length in UTF-16 units, without building the string. */
  get length(): number {
    return this.view.state.doc.length;
  }

  /** Part of the text, without building the whole string. */
  slice(from: number, to: number): string {
    return this.view.state.doc.sliceString(from, Math.min(to, this.view.state.doc.length));
  }

  get text(): string {
    return this.view.state.doc.toString();
  }

  /** The (fractional, 1-based) line at the top of the editor's view. */
  topLine(): number {
    const v = this.view;
    const height = v.scrollDOM.getBoundingClientRect().top - v.documentTop;
    const block = v.lineBlockAtHeight(Math.max(0, height));
    const line = v.state.doc.lineAt(block.from).number;
    return (
      line +
      (block.height > 0 ? Math.min(0.999, Math.max(0, (height - block.top) / block.height)) : 0)
    );
  }

  /**
   * Scrolls so that the (fractional, 1-based) `line` is at the top: the
   * visual line holding that fraction of the line's text. CodeMirror measures
   * the lines it scrolls to, so lines never drawn yet land right too.
   */
  scrollToLine(line: number): void {
    const doc = this.view.state.doc;
    const l = doc.line(Math.min(doc.lines, Math.max(1, Math.floor(line))));
    const pos = l.from + Math.round((line - Math.floor(line)) * l.length);
    this.view.dispatch({ effects: EditorView.scrollIntoView(pos, { y: "start", yMargin: 0 }) });
  }

  /** Puts the cursor at the start of 1-based `line` and shows it mid-view. */
  goToLine(line: number): void {
    const doc = this.view.state.doc;
    const l = doc.line(Math.min(doc.lines, Math.max(1, line)));
    this.view.dispatch({
      selection: { anchor: l.from },
      effects: EditorView.scrollIntoView(l.from, { y: "center" }),
    });
  }

  /** The text as CodeMirror keeps it (immutable: a later edit makes a new one). */
  get doc(): Text {
    return this.view.state.doc;
  }

  focus(): void {
    this.view.focus();
  }

  /** Runs one of the editor's own commands, as its shortcut would (for the menu). */
  /** Links the selection (or the title, inserted) to `url`, and takes the focus. */
  insertLink(url: string, title: string): void {
    insertLink(this.view, url, title);
    this.view.focus();
  }

  command(name: EditorCommand): void {
    const v = this.view;
    v.focus();
    ({
      undo: () => undo(v),
      redo: () => redo(v),
      find: () => openSearchPanel(v),
      selectAll: () => selectAll(v),
      bold: () => toggleWrap(v, "**"),
      italic: () => toggleWrap(v, "_"),
      findings: () => openLintPanel(v),
      nextFinding: () => nextDiagnostic(v),
    })[name]();
  }
}

/** The editor commands the menu offers. */
export type EditorCommand =
  | "undo"
  | "redo"
  | "find"
  | "selectAll"
  | "bold"
  | "italic"
  | "findings"
  | "nextFinding";
