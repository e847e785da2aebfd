/**
 * The types crossing the IPC door (`ipc.ts`): each mirrors a Rust type, and
 * `tests/ipc_contract.rs` fails when a field, an error code or an event
 * differs between the two sides. The blog's types are in `ipc-blog-types.ts`.
 */

/** What went wrong, as the core names it (`Error::code`; checked by `tests/ipc_contract.rs`). */
export type ErrorCode =
  | "draft_not_found"
  | "read_failed"
  | "not_text"
  | "draft_removed"
  | "watch_failed"
  | "nothing_to_recover"
  | "draft_too_large"
  | "save_failed"
  | "draft_changed_on_disk"
  | "outside_drafts_folder"
  | "draft_exists"
  | "invalid_name"
  | "template_not_usable"
  | "term_invalid"
  | "drafts_folder_unavailable"
  | "trash_failed"
  | "settings_invalid"
  | "settings_not_saved"
  | "front_matter_invalid"
  | "front_matter_not_edited"
  | "link_refused"
  | "link_failed"
  | "site_unavailable"
  | "outside_site"
  | "export_refused"
  | "no_blog_folder"
  | "export_failed"
  | "git_failed"
  | "export_state_invalid"
  | "preview_out_of_step"
  | "image_not_attached"
  | "verify_failed"
  | "verify_cancelled";

/** The error every command rejects with: decide by `code`, show `message`. */
export interface IpcError {
  code: ErrorCode;
  message: string;
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

/** Unsaved text a crash left in the recovery journal. */
export interface Recoverable {
  path: string;
  /** When it was journaled, ms since the epoch. */
  saved_ms: number;
  /** False when the draft is no longer in the folder. */
  exists: boolean;
}

/** The open folder, the draft to reopen, a start-up problem to show, and unsaved text to offer back. */
export interface Session {
  drafts_dir: string;
  last_draft: string | null;
  notice: IpcError | null;
  recovery: Recoverable[];
  /** Other drafts folders opened before, the latest first. */
  recent_folders: string[];
  version: string;
}

/** What the backend tells about the drafts folder while it is open. */
export type DraftsEvent =
  | { kind: "list_changed" }
  | { kind: "drafts_changed"; listed: DraftSummary[]; removed: string[] }
  | { kind: "open_changed"; path: string; hash: string }
  | { kind: "open_renamed"; from: string; to: string }
  | { kind: "open_removed"; path: string }
  | { kind: "open_back"; path: string }
  | { kind: "folder_gone"; message: string }
  | { kind: "folder_back" }
  | { kind: "polling"; message: string };

/** One line of a conflict's diff, from the disk version to the editor's text. */
export interface DiffLine {
  side: "same" | "mine" | "disk" | "skipped";
  text: string;
}

/** The conflict banner's content. */
export interface ConflictView {
  path: string;
  disk_text: string;
  disk_hash: string;
  diff: DiffLine[];
}

/** The writer's choice in a conflict. */
export type Choice = "keep_mine" | "take_disk" | "merge";

/** After a conflict: the editor's text, the hash the next save is based on, and where the other side was kept. */
export interface Resolution {
  text: string;
  hash: string;
  kept_as: string;
  conflicts: number;
}

/** Journaled text put back: the text, and the draft on disk now (null when gone). */
export interface Restored {
  path: string;
  text: string;
  disk: DraftText | null;
}

/** A problem in the front matter, on a line of the draft. */
export interface FmProblem {
  line: number;
  message: string;
}

/** One key of the front matter as Rust read it. */
export interface FmField {
  path: string[];
  line: number;
  kind: "text" | "bool" | "null" | "number" | "list" | "other";
  text: string | null;
  items: string[] | null;
  flag: boolean | null;
  /** The date picker's value (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`) when the value is a date. */
  date: string | null;
  /** The value's own text, for the raw row. */
  raw: string;
  editable: boolean;
}

/** The front matter form of a draft. */
export interface FmForm {
  format: "yaml" | "toml" | null;
  fields: FmField[];
  error: FmProblem | null;
  warnings: FmProblem[];
}

/** One change made in the form. */
export type FmEdit =
  | { op: "text"; path: string[]; text: string }
  | { op: "bool"; path: string[]; value: boolean }
  | { op: "list"; path: string[]; items: string[] }
  | { op: "date"; path: string[]; local: string }
  | { op: "raw"; path: string[]; raw: string }
  | { op: "remove"; path: string[] };

/** One top-level block of the preview: sanitized HTML and the source line it starts on. */
export interface PreviewBlock {
  line: number;
  html: string;
}

/**
 * How to turn the preview of version `base` into `version`: keep its first
 * `head` and last `tail` blocks, put `blocks` between them, then set the
 * source lines of the blocks from index `lines_from` on to `lines`. With
 * `base` null, `blocks` is the whole preview.
 */
export interface PreviewUpdate {
  version: number;
  base: number | null;
  head: number;
  tail: number;
  blocks: PreviewBlock[];
  lines_from: number;
  lines: number[];
}

/**
 * The editor's text for the preview: whole, or as changes `[from, to,
 * insert]` (UTF-16 offsets, ascending) to the text of the preview version
 * `base` (refused with `preview_out_of_step` when the backend does not
 * have that version).
 */
export type PreviewSource = { text: string } | { changes: [number, number, string][] };
