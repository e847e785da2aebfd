/**
 * The one door from the UI to Rust. Every command the backend offers has one
 * typed function here; nothing else in the UI calls `invoke`.
 */
import { Channel, invoke } from "@tauri-apps/api/core";
import { getCurrentWindow } from "@tauri-apps/api/window";

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

/** The folder and draft to start with; the notice is given only once. */
export const session = () => invoke<Session>("session");

/** Every draft in the folder, newest first. */
export const listDrafts = () => invoke<DraftSummary[]>("list_drafts");

/** Reads a draft and remembers it as the last-open one. */
export const openDraft = (path: string) => invoke<DraftText>("open_draft", { path });

/**
 * Saves text atomically in the file's own line endings. Rejects with
 * `draft_changed_on_disk` when the file no longer has `baseHash`, and
 * `draft_removed` when it is gone. With `baseHash` null the draft is created
 * (it must not exist).
 */
export const saveDraft = (path: string, text: string, baseHash: string | null) =>
  invoke<Saved>("save_draft", { path, text, baseHash });

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

/**
 * The preview of the draft at `path` from `source`, as an update of the
 * preview version `base` the window shows (null: none; everything is sent).
 */
export const renderPreview = (path: string, source: PreviewSource, base: number | null) =>
  invoke<PreviewUpdate>("render_preview", { path, source, base });

/** Creates `<slug>.md` with front matter for `title`. */
export const createDraft = (title: string) => invoke<DraftSummary>("create_draft", { title });

/** Renames a draft in its folder; never replaces another file. */
export const renameDraft = (path: string, newName: string) =>
  invoke<DraftSummary>("rename_draft", { path, newName });

/** Moves a draft to the desktop trash. */
export const trashDraft = (path: string) => invoke<void>("trash_draft", { path });

/** Native folder picker; resolves `null` when cancelled. */
export const pickFolder = () => invoke<Session | null>("pick_folder");

/** Opens one of the session's recent drafts folders (no other folder). */
export const openRecent = (dir: string) => invoke<Session>("open_recent", { dir });

/** Closes the window (the close handler saves first). */
export const closeWindow = () => getCurrentWindow().close();

/** Opens an http(s) or mailto link in the system browser or mail program. */
export const openLink = (url: string) => invoke<void>("open_link", { url });

/** Streams events about the drafts folder (and the open draft) to `onEvent`. */
export function watchDrafts(onEvent: (e: DraftsEvent) => void): Promise<void> {
  const events = new Channel<DraftsEvent>();
  events.onmessage = onEvent;
  return invoke<void>("watch_drafts", { events });
}

/** The diff between the editor's text and the draft on disk. */
export const showConflict = (path: string, mine: string) =>
  invoke<ConflictView>("show_conflict", { path, mine });

/**
 * Carries out a conflict choice; the losing side is kept beside the draft.
 * Rejects with `draft_changed_on_disk` when the disk changed again since `diskHash`.
 */
export const resolveConflict = (
  path: string,
  choice: Choice,
  mine: string,
  base: string,
  diskHash: string,
) => invoke<Resolution>("resolve_conflict", { path, choice, mine, base, diskHash });

/** Journals unsaved text for crash recovery. */
export const recordUnsaved = (path: string, text: string, baseHash: string | null) =>
  invoke<void>("record_unsaved", { path, text, baseHash });

/** Journaled text of `path`, to put back into the editor. */
export const restoreUnsaved = (path: string) => invoke<Restored>("restore_unsaved", { path });

/** Drops journaled text the writer does not want back. */
export const discardUnsaved = (path: string) => invoke<void>("discard_unsaved", { path });

/** Reads the form of a draft's head (its text up to the closing fence). */
export const frontMatterForm = (head: string) => invoke<FmForm>("front_matter_form", { head });

/**
 * Applies one form edit to a draft's head and returns the new head: only that
 * field's text changes. Rejects with `front_matter_invalid` (the block does not
 * parse) or `front_matter_not_edited` (the edit would change its meaning).
 */
export const frontMatterEdit = (head: string, edit: FmEdit) =>
  invoke<string>("front_matter_edit", { head, edit });

/**
 * Runs `beforeClose` when the window is asked to close, then closes it.
 * The window closes even when `beforeClose` fails, after it has been tried.
 */
/** The blog folder the drafts folder exports to. */
export interface BlogSite {
  path: string;
  kind: string;
  git: boolean;
}

export interface ExportProblem {
  severity: "error" | "confirm" | "warning";
  code: string;
  message: string;
}

export type ExportAction =
  | { kind: "create" | "update" | "unchanged" }
  | { kind: "rename" | "publish"; from: string };

export interface PostPlan {
  draft: string;
  title: string;
  slug: string;
  date: string;
  target: string;
  action: ExportAction;
  changes: string[];
  images: { from: string; to: string; link: string; url: string }[];
  problems: ExportProblem[];
}

export interface ExportPlan {
  site: { root: string; kind: string };
  git: boolean;
  posts: PostPlan[];
  problems: ExportProblem[];
}

export interface Applied {
  written: string[];
  moved_from: string[];
  commit: string | null;
  pushed: boolean;
}

export interface Imported {
  post: string;
  draft: string;
  resources: string[];
}

/** The remembered blog folder of the open drafts folder; null when none. */
export const blogSite = () => invoke<BlogSite | null>("blog_site");

/** Shows the native folder picker for the blog folder; null when cancelled. */
export const pickBlogFolder = () => invoke<BlogSite | null>("pick_blog_folder");

/** The export's dry run. */
export const exportPlan = (drafts: string[]) => invoke<ExportPlan>("export_plan", { drafts });

/** Exports; `onProgress(done, total)` after each file. */
export function exportApply(
  drafts: string[],
  opts: { confirmed: boolean; commit: boolean; push: boolean },
  onProgress: (done: number, total: number) => void,
): Promise<Applied> {
  const progress = new Channel<[number, number]>();
  progress.onmessage = ([done, total]) => onProgress(done, total);
  return invoke<Applied>("export_apply", { drafts, ...opts, progress });
}

/** Brings the blog folder's posts into the drafts folder as drafts. */
export const importPosts = () => invoke<Imported[]>("import_posts");

/** Shows the blog folder in the file manager. */
export const openBlogFolder = () => invoke<void>("open_blog_folder");

export async function onWindowClose(beforeClose: () => Promise<void>): Promise<void> {
  await getCurrentWindow().onCloseRequested(async () => {
    try {
      await beforeClose();
    } catch (e) {
      console.error("before close:", e);
    }
  });
}

/** A quick fix: replace `from..to` (UTF-16 offsets of the checked text) with `insert`. */
export interface Fix {
  label: string;
  from: number;
  to: number;
  insert: string;
}

/** One finding of the publish checks (see `blogdesk check`). */
export interface Finding {
  code: string;
  severity: "error" | "warning";
  line: number;
  column: number;
  from: number;
  to: number;
  message: string;
  fixes: Fix[];
  /** A spelling finding's word. */
  word?: string;
}

/** The publish checks of the draft at `path` with the editor's `text`. */
export const checkDraft = (path: string, text: string) =>
  invoke<Finding[]>("check_draft", { path, text });

/** Adds `word` to the drafts folder's own dictionary. */
export const addWord = (word: string) => invoke<void>("add_word", { word });

/** A draft the search found. */
export interface SearchHit {
  path: string;
  title: string;
  /** 1-based line of the snippet (0: only the title matched). */
  line: number;
  snippet: string;
  matches: number;
}

/** The drafts containing every word of `query`, best first. */
export const searchDrafts = (query: string) => invoke<SearchHit[]>("search_drafts", { query });

/** An image copied into a draft's image folder, and the Markdown that shows it. */
export interface Attached {
  /** Relative to the draft's folder. */
  path: string;
  alt: string;
  markdown: string;
  /** True when the same bytes were already there (nothing was written). */
  reused: boolean;
}

/**
 * Copies an image (its bytes as they are, not JSON) into the image folder of
 * the draft at `path`. Rejects with `image_not_attached` when the bytes are no
 * image or too large; nothing is written then.
 */
export const attachImage = (path: string, name: string | null, bytes: Uint8Array) =>
  invoke<Attached>("attach_image", bytes, {
    headers: {
      "x-draft": encodeURIComponent(path),
      ...(name ? { "x-name": encodeURIComponent(name) } : {}),
    },
  });

/** A block the site and the preview show differently (see verify.rs). */
export interface SiteDifference {
  /** The draft line of the preview block it is at. */
  line: number;
  /** False when only markup differs (ids, classes, link targets). */
  visible: boolean;
  site: string;
  preview: string;
  /** Sanitized by the backend, like the preview's own blocks. */
  site_html: string | null;
  preview_html: string | null;
}

/** What the site's engine made of the draft, compared with the preview. */
export interface SiteReport {
  draft: string;
  engine: string;
  status: "identical" | "different" | "failed" | "missing";
  differences: SiteDifference[];
  /** The engine's own words when it failed, or what to install. */
  message: string | null;
  /** The draft line the engine's message names. */
  line: number | null;
  seconds: number;
}

export type SiteCheckStep = "copying" | "building" | "comparing";

/**
 * Builds the draft with the blog folder's engine (running the site's code:
 * only when the writer asks) and compares it with the preview. Rejects with
 * `no_blog_folder`, `verify_cancelled` or `verify_failed`.
 */
export function checkAgainstSite(
  path: string,
  text: string,
  onStep: (step: SiteCheckStep) => void,
): Promise<SiteReport> {
  const progress = new Channel<SiteCheckStep>();
  progress.onmessage = onStep;
  return invoke<SiteReport>("check_against_site", { path, text, progress });
}

/** Stops the running check against the site; its build is killed. */
export const cancelSiteCheck = () => invoke<void>("cancel_site_check");

export type EngineName = "commonmark" | "jekyll" | "hugo" | "zola";

/** The preview's Markdown dialect and where it comes from. */
export interface ProfileView {
  profile: { engine: EngineName };
  /** "Jekyll · kramdown", … */
  label: string;
  /** The writer chose the engine (rather than the connected blog). */
  chosen: boolean;
  /** The connected blog's folder. */
  blog: string | null;
  blog_engine: EngineName | null;
}

export const previewProfile = () => invoke<ProfileView>("preview_profile");

/** Previews as `engine` renders, or (null) as the connected blog does. */
export const chooseEngine = (engine: EngineName | null) =>
  invoke<ProfileView>("choose_engine", { engine });
