/**
 * The window's state as one value and the only way it changes: `reduce`,
 * a pure function of the state and an action. No DOM, no IPC, no timers
 * here: `view.ts` draws the state, the flows (`session.ts`, `conflicts.ts`…)
 * dispatch actions as things happen.
 */
import type { ConflictView } from "./ipc";

/** How the open draft's text stands against the file on disk. */
export type SaveState = "idle" | "saved" | "saving" | "edited" | "failed";

/**
 * Why autosave is paused: the writer has to decide something first. While
 * paused, the banner for it is shown and the status bar says so.
 */
export type Paused =
  | { kind: "conflict"; view: ConflictView | null }
  | { kind: "removed"; message: string }
  | null;

/** A message above the editor: an error, or news that is not one. */
export interface Message {
  kind: "error" | "info";
  text: string;
}

export interface AppState {
  /** The drafts folder, as the backend resolved it ("" before the session). */
  readonly folder: string;
  readonly version: string;
  /** The session's other drafts folders, newest first (File's recent list). */
  readonly recent: readonly string[];
  /** The open draft's path, relative to the folder; null: none open. */
  readonly open: string | null;
  /** Null whenever `open` is null. */
  readonly paused: Paused;
  readonly save: SaveState;
  /** Replaces the save state's word in the status bar ("Opened"…) until the next change. */
  readonly detail: string | null;
  readonly message: Message | null;
  readonly previewShown: boolean;
  readonly focusMode: boolean;
  /** Why the folder is polled instead of watched; null: watched. */
  readonly polling: string | null;
}

export const initialState: AppState = {
  folder: "",
  version: "",
  recent: [],
  open: null,
  paused: null,
  save: "idle",
  detail: null,
  message: null,
  previewShown: true,
  focusMode: false,
  polling: null,
};

export type Action =
  | { type: "session"; folder: string; version: string; recent: string[] }
  | { type: "recent-failed"; folder: string }
  /** A draft is open (its text shown); `detail` for the status bar. */
  | { type: "opened"; path: string; detail?: string }
  | { type: "closed" }
  /** The open draft's file has a new name (renamed here or outside). */
  | { type: "moved"; path: string }
  | { type: "save"; save: SaveState; detail?: string }
  | { type: "conflict"; view: ConflictView | null }
  | { type: "removed"; message: string }
  /** The pause is over (settled, saved again, the file came back). */
  | { type: "resumed"; save: SaveState }
  | { type: "error"; text: string }
  | { type: "notice"; text: string }
  | { type: "dismiss" }
  /** What went wrong is over (a save went through): an error message goes, news stays. */
  | { type: "error-over" }
  | { type: "toggle-preview" }
  | { type: "show-preview" }
  | { type: "toggle-focus" }
  | { type: "polling"; message: string | null };

export function reduce(s: AppState, a: Action): AppState {
  switch (a.type) {
    case "session":
      return { ...s, folder: a.folder, version: a.version, recent: a.recent };
    case "recent-failed":
      return { ...s, recent: s.recent.filter((d) => d !== a.folder) };
    case "opened":
      return { ...s, open: a.path, paused: null, save: "saved", detail: a.detail ?? null };
    case "closed":
      return { ...s, open: null, paused: null, save: "idle", detail: null };
    case "moved":
      return s.open === null ? s : { ...s, open: a.path };
    case "save":
      if (s.open === null) return s;
      return { ...s, save: a.save, detail: a.detail ?? null };
    case "conflict":
      if (s.open === null) return s;
      return { ...s, paused: { kind: "conflict", view: a.view }, detail: null };
    case "removed":
      if (s.open === null) return s;
      return { ...s, paused: { kind: "removed", message: a.message }, detail: null };
    case "resumed":
      return s.open === null ? s : { ...s, paused: null, save: a.save, detail: null };
    case "error":
      return { ...s, message: { kind: "error", text: a.text } };
    case "notice":
      return { ...s, message: { kind: "info", text: a.text } };
    case "dismiss":
      return s.message === null ? s : { ...s, message: null };
    case "error-over":
      return s.message?.kind === "error" ? { ...s, message: null } : s;
    case "toggle-preview":
      return { ...s, previewShown: !s.previewShown };
    case "show-preview":
      return s.previewShown ? s : { ...s, previewShown: true };
    case "toggle-focus":
      return { ...s, focusMode: !s.focusMode };
    case "polling":
      return { ...s, polling: a.message };
  }
}

/** The status bar's word for the save state, and its kind for styling. */
export function statusOf(s: AppState): { kind: SaveState; text: string } {
  if (s.paused?.kind === "conflict") return { kind: "failed", text: "Conflict" };
  if (s.paused?.kind === "removed") return { kind: "failed", text: "Not on disk" };
  const words: Record<SaveState, string> = {
    idle: "",
    saved: "Saved",
    saving: "Saving…",
    edited: "Edited",
    failed: "Not saved",
  };
  return { kind: s.save, text: s.detail ?? words[s.save] };
}

/** The preview renders nothing while it cannot be seen. */
export const previewVisible = (s: AppState) => s.previewShown && !s.focusMode;

/** A tiny store: the state, `dispatch`, and listeners told after each change. */
export class Store {
  private current: AppState;
  private readonly listeners: ((s: AppState, before: AppState) => void)[] = [];

  constructor(initial: AppState = initialState) {
    this.current = initial;
  }

  get state(): AppState {
    return this.current;
  }

  dispatch(a: Action): void {
    const before = this.current;
    this.current = reduce(before, a);
    if (this.current === before) return;
    for (const l of this.listeners) l(this.current, before);
  }

  /** `listener` runs after every change, with the state before it. */
  subscribe(listener: (s: AppState, before: AppState) => void): void {
    this.listeners.push(listener);
  }
}
