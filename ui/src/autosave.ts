/**
 * The open draft and its saving: 1 s after the last change, on Ctrl+S, on
 * switching drafts and before the window closes. Saves run one at a time, each
 * from the hash of the previous one, so a save never overwrites a file that
 * another program changed meanwhile (the backend refuses; the text stays).
 */
import * as ipc from "./ipc";
import { setStatus, showError, clearError } from "./status-bar";

export const AUTOSAVE_MS = 1000;

export class OpenDraft {
  readonly path: string;
  private baseHash: string;
  private savedText: string;
  private timer: number | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly currentText: () => string;
  private readonly onSaved: () => void;

  constructor(draft: ipc.DraftText, currentText: () => string, onSaved: () => void) {
    this.path = draft.path;
    this.baseHash = draft.hash;
    this.savedText = draft.text;
    this.currentText = currentText;
    this.onSaved = onSaved;
  }

  get dirty(): boolean {
    return this.currentText() !== this.savedText;
  }

  /** Call on every change: shows "Edited" and saves after a quiet second. */
  changed(): void {
    setStatus(this.dirty ? "edited" : "saved");
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.save(), AUTOSAVE_MS);
  }

  /** Saves now if there is anything to save; resolves when written. */
  save(): Promise<void> {
    window.clearTimeout(this.timer);
    this.chain = this.chain.then(() => this.write());
    return this.chain;
  }

  private async write(): Promise<void> {
    const text = this.currentText();
    if (text === this.savedText) return;
    setStatus("saving");
    try {
      const saved = await ipc.saveDraft(this.path, text, this.baseHash);
      this.baseHash = saved.hash;
      this.savedText = text;
      setStatus(this.dirty ? "edited" : "saved");
      clearError();
      this.onSaved();
    } catch (e) {
      setStatus("error", "Not saved");
      showError(ipc.errorMessage(e));
    }
  }
}
