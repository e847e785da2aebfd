/**
 * The one door from the UI to Rust. Every command the backend offers has one
 * typed function here; nothing else in the UI calls `invoke`. The types
 * they take and give are in `ipc-types.ts` (checked against Rust by
 * `tests/ipc_contract.rs`).
 */
import { Channel, invoke } from "@tauri-apps/api/core";
import { getCurrentWindow } from "@tauri-apps/api/window";
import type {
  Applied,
  Attached,
  BlogSite,
  EngineName,
  ExportPlan,
  Finding,
  Imported,
  LinkTarget,
  PostTemplate,
  ProfileView,
  SearchHit,
  SiteCheckStep,
  SiteReport,
  TermRename,
  TermRenamed,
  Terms,
} from "./ipc-blog-types";
import type {
  Choice,
  ConflictView,
  DraftSummary,
  DraftsEvent,
  DraftText,
  FmEdit,
  FmForm,
  IpcError,
  PreviewSource,
  PreviewUpdate,
  Resolution,
  Restored,
  Saved,
  Session,
} from "./ipc-types";

export type * from "./ipc-blog-types";
export type * from "./ipc-types";

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

/**
 * The preview of the draft at `path` from `source`, as an update of the
 * preview version `base` the window shows (null: none; everything is sent).
 */
export const renderPreview = (path: string, source: PreviewSource, base: number | null) =>
  invoke<PreviewUpdate>("render_preview", { path, source, base });

/** Creates `<slug>.md` with front matter for `title`. */
export const createDraft = (title: string, template: string | null = null) =>
  invoke<DraftSummary>("create_draft", { title, template });

/** The blog's templates for a new draft (Hugo archetypes, Jekyll's defaults, Blogdesk's). */
export const postTemplates = () => invoke<PostTemplate[]>("post_templates");

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

/** The publish checks of the draft at `path` with the editor's `text`. */
export const checkDraft = (path: string, text: string) =>
  invoke<Finding[]>("check_draft", { path, text });

/** Adds `word` to the drafts folder's own dictionary. */
export const addWord = (word: string) => invoke<void>("add_word", { word });

/** The blog's posts and the other drafts, newest first, with the link to each from `from`. */
export const linkTargets = (from: string) => invoke<LinkTarget[]>("link_targets", { from });

/** What renaming a term would change (reads only). */
export const renameTermPlan = (taxonomy: string, from: string, to: string) =>
  invoke<TermRename>("rename_term_plan", { taxonomy, from, to });

/** Renames a term in every post and draft that uses it; `commit` commits the posts. */
export const renameTerm = (taxonomy: string, from: string, to: string, commit: boolean) =>
  invoke<TermRenamed>("rename_term", { taxonomy, from, to, commit });

/** The connected blog's and the drafts' taxonomy terms, with counts. */
export const taxonomyTerms = () => invoke<Terms[]>("taxonomy_terms");

/** The drafts containing every word of `query`, best first. */
export const searchDrafts = (query: string) => invoke<SearchHit[]>("search_drafts", { query });

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

export const previewProfile = () => invoke<ProfileView>("preview_profile");

/** Previews as `engine` renders, or (null) as the connected blog does. */
export const chooseEngine = (engine: EngineName | null) =>
  invoke<ProfileView>("choose_engine", { engine });
