/**
 * What the flows work with: the store and the window's parts, each seen
 * through the few calls the flows make. `main.ts` builds the real one; the
 * flow tests build one of plain objects.
 */
import type { Text } from "@codemirror/state";
import type { OpenDraft } from "./autosave";
import type { TextEdit } from "./editor";
import type { FormSync } from "./form-sync";
import { type DraftSummary, errorMessage, type FmForm, type Recoverable } from "./ipc";
import type { ListSync } from "./list-sync";
import type { RecoveryHooks } from "./recovery-banner";
import type { Store } from "./state";

export interface EditorPart {
  readonly text: string;
  readonly length: number;
  readonly doc: Text;
  /** New text, a new undo history (another draft). */
  load(text: string): void;
  /** New text in one undoable change (a reload, a merge). */
  replace(text: string): void;
  edit(from: number, to: number, insert: string): void;
  slice(from: number, to: number): string;
  focus(): void;
  goToLine(line: number): void;
}

export interface PreviewPart {
  now(path: string, doc: Text): void;
  schedule(path: string, doc: Text, edit?: TextEdit): void;
  clear(): void;
}

export interface ListPart {
  readonly all: readonly DraftSummary[];
  set(drafts: DraftSummary[]): void;
  update(listed: readonly DraftSummary[], removed: readonly string[]): void;
  select(path: string | null): void;
}

export interface FormPart {
  show(form: FmForm): void;
  hide(): void;
}

/** In-window questions; `null`/false when the writer cancels. */
export interface AskPart {
  text(title: string, initial: string, ok: string): Promise<string | null>;
  /** A line of text and one of `choices` (the first is picked at first). */
  textAndChoice(
    title: string,
    ok: string,
    choices: { value: string; label: string }[],
  ): Promise<{ text: string; choice: string } | null>;
  confirm(question: string, ok: string): Promise<boolean>;
}

/** The rest of the window the flows touch. */
export interface SidePart {
  /** Words, reading time and characters (null: no draft). */
  counts(text: string | null): void;
  recovery(items: Recoverable[], hooks: RecoveryHooks): void;
  /** Ends a check against the site (it was about the draft being left). */
  closeSiteCheck(): void;
  refreshEngine(): Promise<void>;
}

export interface Desk {
  readonly store: Store;
  readonly editor: EditorPart;
  readonly preview: PreviewPart;
  readonly list: ListPart;
  readonly form: FormPart;
  readonly ask: AskPart;
  readonly side: SidePart;
  readonly lists: ListSync;
  readonly forms: FormSync;
  /** The open draft and its saving; its path is `store.state.open`. */
  current: OpenDraft | null;
}

/** Shows a failure from the backend (or anywhere) above the editor. */
export function report(store: Store, e: unknown): void {
  store.dispatch({ type: "error", text: errorMessage(e) });
}
