/**
 * The one door from the UI to Rust. Every command the backend offers has one
 * typed function here; nothing else in the UI calls `invoke`.
 */
import { invoke } from "@tauri-apps/api/core";
import { getCurrentWindow } from "@tauri-apps/api/window";

/** The error every command rejects with: decide by `code`, show `message`. */
export interface IpcError {
  code: string;
  message: string;
}

/** True when `e` is an error sent by the backend. */
export function isIpcError(e: unknown): e is IpcError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/** A message for any rejection, backend or not. */
export function errorMessage(e: unknown): string {
  if (isIpcError(e)) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** A draft as the list shows it. `path` is relative to the drafts folder. */
export interface DraftSummary {
  path: string;
  title: string;
  date: string | null;
  modified_ms: number;
}

/** A draft's text (LF line endings) and the hash of the bytes it came from. */
export interface DraftText {
  path: string;
  text: string;
  hash: string;
}

/** What a save did: the new hash, and whether anything was written. */
export interface Saved {
  hash: string;
  written: boolean;
}

/** The open folder, the draft to reopen, and a start-up problem to show. */
export interface Session {
  drafts_dir: string;
  last_draft: string | null;
  notice: IpcError | null;
}

/** The folder and draft to start with; the notice is given only once. */
export const session = () => invoke<Session>("session");

/** Every draft in the folder, newest first. */
export const listDrafts = () => invoke<DraftSummary[]>("list_drafts");

/** Reads a draft and remembers it as the last-open one. */
export const openDraft = (path: string) => invoke<DraftText>("open_draft", { path });

/**
 * Saves text atomically in the file's own line endings. Rejects with
 * `draft_changed_on_disk` when the file no longer has `baseHash`.
 */
export const saveDraft = (path: string, text: string, baseHash: string | null) =>
  invoke<Saved>("save_draft", { path, text, baseHash });

/** Sanitized preview HTML for `text` as the draft at `path`. */
export const renderPreview = (path: string, text: string) => invoke<string>("render_preview", { path, text });

/** Creates `<slug>.md` with front matter for `title`. */
export const createDraft = (title: string) => invoke<DraftSummary>("create_draft", { title });

/** Renames a draft in its folder; never replaces another file. */
export const renameDraft = (path: string, newName: string) => invoke<DraftSummary>("rename_draft", { path, newName });

/** Moves a draft to the desktop trash. */
export const trashDraft = (path: string) => invoke<void>("trash_draft", { path });

/** Native folder picker; resolves `null` when cancelled. */
export const pickFolder = () => invoke<Session | null>("pick_folder");

/** Opens an http(s) or mailto link in the system browser or mail program. */
export const openLink = (url: string) => invoke<void>("open_link", { url });

/**
 * Runs `beforeClose` when the window is asked to close, then closes it.
 * The window closes even when `beforeClose` fails, after it has been tried.
 */
export async function onWindowClose(beforeClose: () => Promise<void>): Promise<void> {
  await getCurrentWindow().onCloseRequested(async () => {
    try {
      await beforeClose();
    } catch (e) {
      console.error("before close:", e);
    }
  });
}
