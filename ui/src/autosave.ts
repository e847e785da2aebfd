/**
 * The open draft and its saving: 1 s after the last change, on Ctrl+S, on
 * switching drafts and before the window closes. Saves run one at a time, each
 * from the hash of the previous one, so a save never overwrites a file that
 * another program changed meanwhile (the backend refuses; the text stays and
 * the conflict banner takes over). Unsaved text is journaled for crash
 * recovery at most 400 ms after a change (2 s in a draft over 200,000
 * characters). A save that fails for another reason (read-only, disk full,
 * folder gone) is retried with a growing delay.
 */
import * as ipc from "./ipc";
import type { SaveState } from "./state";

export const AUTOSAVE_MS = 1000;
export const JOURNAL_MS = 400;
/**
 * A draft longer than this is journaled at most every [LONG_JOURNAL_MS]:
 * each journal entry sends the whole text, which on a long post takes the
 * page 10–20 ms that typing would feel every 400 ms.
 */
export const LONG_JOURNAL = 200_000;
export const LONG_JOURNAL_MS = 2000;
const RETRY_MS = [2000, 4000, 8000, 15000];

export interface OpenDraftHooks {
  /** A save found the file changed on disk by another program (saving is held). */
  onConflict(): void;
  /** A save found the file gone (saving is held). */
  onRemoved(): void;
  /** The text's state against the disk changed (the status bar says it). */
  onStatus(save: SaveState): void;
  /** Something went wrong that the writer should read (a failed save, journal). */
  onError(message: string): void;
  /** A save went through: an earlier failure's message is out of date. */
  onSaved(): void;
}

/** Why saving is paused: the writer has to decide something first. */
export type Pause = "conflict" | "removed" | null;

export class OpenDraft {
  path: string;
  /** Hash of the bytes the editor's text is based on; null: not on disk. */
  baseHash: string | null;
  /** The text as it is on disk (what the editor's text is based on). */
  savedText: string;
  private pause: Pause = null;
  private timer: number | undefined;
  private journalTimer: number | undefined;
  private retry = 0;
  private saving = false;
  private chain: Promise<void> = Promise.resolve();
  private readonly currentText: () => string;
  private readonly hooks: OpenDraftHooks;

  constructor(
    draft: { path: string; text: string; hash: string | null },
    currentText: () => string,
    hooks: OpenDraftHooks,
  ) {
    this.path = draft.path;
    this.baseHash = draft.hash;
    this.savedText = draft.text;
    this.currentText = currentText;
    this.hooks = hooks;
  }

  get dirty(): boolean {
    return this.currentText() !== this.savedText;
  }

  /** True while a save is being written. */
  get busy(): boolean {
    return this.saving;
  }

  get paused(): Pause {
    return this.pause;
  }

  /** Stops autosaving until `resume` (the journal keeps the text meanwhile). */
  hold(why: Exclude<Pause, null>): void {
    this.pause = why;
    window.clearTimeout(this.timer);
  }

  resume(): void {
    this.pause = null;
    if (this.dirty) this.changed();
  }

  /** The editor's text is now based on `text` on disk, with `hash`. */
  rebase(text: string, hash: string | null): void {
    this.savedText = text;
    this.baseHash = hash;
  }

  /**
   * Call on every change (`length`: the text's length now): shows "Edited",
   * journals, saves after a quiet second. Cheap on purpose (no comparison of
   * the whole text per keystroke).
   */
  changed(length = 0): void {
    if (!this.pause) this.hooks.onStatus("edited");
    if (this.journalTimer === undefined) {
      this.journalTimer = window.setTimeout(
        () => this.journal(),
        length > LONG_JOURNAL ? LONG_JOURNAL_MS : JOURNAL_MS,
      );
    }
    if (this.pause) return;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.save(), AUTOSAVE_MS);
  }

  private journal(): void {
    this.journalTimer = undefined;
    if (!this.dirty) return;
    ipc.recordUnsaved(this.path, this.currentText(), this.baseHash).catch((e) => {
      this.hooks.onError(`Unsaved text could not be kept for recovery: ${ipc.errorMessage(e)}`);
    });
  }

  /** Saves now if there is anything to save (not while paused); resolves when done. */
  save(): Promise<void> {
    window.clearTimeout(this.timer);
    this.chain = this.chain.then(() => this.write());
    return this.chain;
  }

  private async write(): Promise<void> {
    const text = this.currentText();
    if (text === this.savedText || this.pause) return;
    this.hooks.onStatus("saving");
    this.saving = true;
    try {
      const saved = await ipc.saveDraft(this.path, text, this.baseHash);
      this.baseHash = saved.hash;
      this.savedText = text;
      this.retry = 0;
      this.hooks.onStatus(this.dirty ? "edited" : "saved");
      this.hooks.onSaved();
    } catch (e) {
      const code = ipc.isIpcError(e) ? e.code : "";
      if (code === "draft_changed_on_disk") {
        this.hold("conflict");
        this.hooks.onConflict();
      } else if (code === "draft_removed") {
        this.hold("removed");
        this.hooks.onRemoved();
      } else {
        const delay = RETRY_MS[Math.min(this.retry, RETRY_MS.length - 1)];
        this.retry++;
        this.hooks.onStatus("failed");
        this.hooks.onError(
          `${ipc.errorMessage(e)} Blogdesk tries again in ${delay / 1000} s (or press Ctrl+S).`,
        );
        window.clearTimeout(this.timer);
        this.timer = window.setTimeout(() => void this.save(), delay);
      }
    } finally {
      this.saving = false;
    }
  }

  /** Stops the timers (the draft is being closed). */
  dispose(): void {
    window.clearTimeout(this.timer);
    window.clearTimeout(this.journalTimer);
  }
}
