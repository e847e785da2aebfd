import { closeBrackets } from "@codemirror/autocomplete";
import { history, undo } from "@codemirror/commands";
import { EditorSelection, EditorState, Transaction, type TransactionSpec } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import { describe, expect, it } from "vitest";
import { applyTyped } from "./typed-text";

/** A stand-in for the view: a state that dispatch moves on. */
function fakeView(doc: string, selection: EditorSelection) {
  const v = {
    state: EditorState.create({
      doc,
      selection,
      extensions: [history(), closeBrackets(), EditorState.allowMultipleSelections.of(true)],
    }),
    dispatch(tr: Transaction | TransactionSpec) {
      v.state = tr instanceof Transaction ? tr.state : v.state.update(tr).state;
    },
    composing: false,
    compositionStarted: false,
  };
  return v as typeof v & EditorView;
}

const at = (pos: number) => ({ from: pos, to: pos });

describe("typed text goes in through CodeMirror", () => {
  it("lands at the cursor and the keys typed together undo as one", () => {
    const view = fakeView("hello world", EditorSelection.single(5));
    for (const [k, ch] of [...", big"].entries())
      expect(applyTyped(view, ch, at(5 + k))).toBe(true);
    expect(view.state.doc.toString()).toBe("hello, big world");
    expect(view.state.selection.main.head).toBe(10);
    undo(view);
    expect(view.state.doc.toString()).toBe("hello world");
  });

  it("replaces the selected text", () => {
    const view = fakeView("hello world", EditorSelection.single(6, 11));
    expect(applyTyped(view, "W", { from: 6, to: 11 })).toBe(true);
    expect(view.state.doc.toString()).toBe("hello W");
  });

  it("goes through the input handlers: an opening bracket is closed", () => {
    const view = fakeView("a  b", EditorSelection.single(2));
    expect(applyTyped(view, "(", at(2))).toBe(true);
    expect(view.state.doc.toString()).toBe("a () b");
    expect(view.state.selection.main.head).toBe(3);
  });

  it("types at every cursor when there are several", () => {
    const view = fakeView(
      "one\ntwo",
      EditorSelection.create([EditorSelection.cursor(3), EditorSelection.cursor(7)], 1),
    );
    expect(applyTyped(view, "!", at(7))).toBe(true);
    expect(view.state.doc.toString()).toBe("one!\ntwo!");
  });

  it("leaves a target that is not the main selection to WebKit", () => {
    const view = fakeView("hello world", EditorSelection.single(5));
    expect(applyTyped(view, "x", at(0))).toBe(false);
    expect(view.state.doc.toString()).toBe("hello world");
  });
});
