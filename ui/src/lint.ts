/**
 * The editor's lint gutter: the publish checks (Rust, `check_draft`) as
 * CodeMirror diagnostics, with their quick fixes as actions. A fix is
 * placed relative to its finding, so it still lands right after edits
 * elsewhere (CodeMirror maps the finding's range through them).
 */
import {
  type Action,
  type Diagnostic,
  forceLinting,
  linter,
  lintGutter,
  nextDiagnostic,
  openLintPanel,
} from "@codemirror/lint";
import type { Extension } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import { keymap } from "@codemirror/view";
import type { Finding } from "./ipc";

/** What the gutter needs from the app. */
export interface Checker {
  /** The findings for `text`, or null when there is no draft to check. */
  check(text: string): Promise<Finding[] | null>;
  /** Adds a word to the writer's dictionary. */
  addWord(word: string): Promise<void>;
}

/** Diagnostics for `findings` of a text `length` long. */
export function diagnostics(
  findings: readonly Finding[],
  length: number,
  checker: Pick<Checker, "addWord">,
): Diagnostic[] {
  return findings
    .filter((f) => f.from <= length && f.to <= length)
    .map((f) => {
      const actions: Action[] = f.fixes.map((fix) => ({
        name: fix.label,
        apply(view: EditorView, from: number) {
          const at = from + (fix.from - f.from);
          view.dispatch({
            changes: { from: at, to: at + (fix.to - fix.from), insert: fix.insert },
            userEvent: "input.fix",
          });
        },
      }));
      if (f.word) {
        const word = f.word;
        actions.push({
          name: `Add \u201c${word}\u201d to the dictionary`,
          apply(view: EditorView) {
            void checker.addWord(word).then(() => forceLinting(view));
          },
        });
      }
      return {
        from: f.from,
        to: Math.max(f.to, f.from),
        severity: f.severity,
        source: f.code,
        message: f.message,
        actions,
      };
    });
}

/** The lint gutter and its source. */
export function publishChecks(checker: Checker): Extension {
  return [
    linter(
      async (view) => {
        const doc = view.state.doc;
        try {
          const found = await checker.check(doc.toString());
          return found ? diagnostics(found, doc.length, checker) : [];
        } catch {
          // A check that fails (a draft removed meanwhile) shows nothing;
          // the next edit checks again.
          return [];
        }
      },
      { delay: 700 },
    ),
    lintGutter(),
    keymap.of([
      { key: "Mod-Shift-m", run: openLintPanel, preventDefault: true },
      { key: "F7", run: nextDiagnostic, preventDefault: true },
    ]),
  ];
}
