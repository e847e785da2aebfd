/**
 * The types about the blog crossing the IPC door (`ipc.ts`): export, the
 * publish checks, search, attached images, the check against the site and
 * the preview's engine. Checked against Rust like `ipc-types.ts`.
 */

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

/** A draft the search found. */
/** A taxonomy term and how many of the blog's posts and the drafts use it. */
export interface Term {
  term: string;
  posts: number;
  drafts: number;
}

/** One taxonomy (`tags`, `categories`, a site's own) and its terms, most used first. */
export interface Terms {
  taxonomy: string;
  terms: Term[];
  /** Groups of terms that are the same but for case, separators, a plural or a typo. */
  near_duplicates: string[][];
}

/** A file a rename of a term changes (a post's path in the blog, a draft's in the drafts folder). */
export interface RenamedFile {
  path: string;
  post: boolean;
}

/** A rename of a term, planned. */
export interface TermRename {
  taxonomy: string;
  from: string;
  to: string;
  files: RenamedFile[];
  git: boolean;
}

/** A rename of a term, done. */
export interface TermRenamed {
  files: RenamedFile[];
  commit: string | null;
}

/** A post or draft to link to, with the link its engine expects (`url`). */
export interface LinkTarget {
  title: string;
  date: string | null;
  path: string;
  draft: boolean;
  url: string;
}

/** A template for a new draft: what to ask for it by, and its name. */
export interface PostTemplate {
  id: string;
  name: string;
}

export interface SearchHit {
  path: string;
  title: string;
  /** 1-based line of the snippet (0: only the title matched). */
  line: number;
  snippet: string;
  matches: number;
}

/** An image copied into a draft's image folder, and the Markdown that shows it. */
export interface Attached {
  /** Relative to the draft's folder. */
  path: string;
  alt: string;
  markdown: string;
  /** True when the same bytes were already there (nothing was written). */
  reused: boolean;
}

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
