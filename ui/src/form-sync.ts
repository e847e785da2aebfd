/**
 * The front matter form and the editor's text, kept in step: the form is
 * read again from the text a moment after it changes, and each form edit is
 * applied to the text one at a time, in order, to the draft it was made on.
 */
import type { OpenDraft } from "./autosave";
import { type EditorPart, type FormPart, report } from "./desk";
import { headOf } from "./front-matter-model";
import * as ipc from "./ipc";
import type { Store } from "./state";

export class FormSync {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly editor: EditorPart,
    private readonly form: FormPart,
    private readonly store: Store,
    private readonly open: () => OpenDraft | null,
  ) {}

  /** The head of the editor's text (front matter up to the closing fence). */
  private head(): string {
    return headOf(this.editor.slice(0, 128 * 1024));
  }

  /** Reads the form from the text after `delay` ms (a newer call replaces it). */
  refresh(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(async () => {
      const draft = this.open();
      if (!draft) return;
      const seq = ++this.seq;
      try {
        const form = await ipc.frontMatterForm(this.head());
        if (seq === this.seq && this.open() === draft) this.form.show(form);
      } catch (e) {
        report(this.store, e);
      }
    }, delay);
  }

  /** No draft: no form, and nothing pending for the one that was open. */
  hide(): void {
    clearTimeout(this.timer);
    this.seq++;
    this.form.hide();
  }

  /**
   * Applies a form edit to the editor's text. Resolves with the reason when
   * Rust refused it (the text is then unchanged). An edit made on one draft
   * is dropped if another is open by the time its turn comes.
   */
  edit(edit: ipc.FmEdit): Promise<string | null> {
    const draft = this.open();
    const run = async (): Promise<string | null> => {
      for (let attempt = 0; attempt < 3; attempt++) {
        if (!draft || this.open() !== draft) return null;
        const head = this.head();
        let next: string;
        try {
          next = await ipc.frontMatterEdit(head, edit);
        } catch (e) {
          return ipc.errorMessage(e);
        }
        // Typed into the editor meanwhile (or another draft opened): try again.
        if (this.open() !== draft || this.head() !== head) continue;
        this.editor.edit(0, head.length, next);
        return null;
      }
      return "The text kept changing while the form wrote to it; try again.";
    };
    const done = this.queue.then(run, run);
    this.queue = done;
    return done;
  }
}
