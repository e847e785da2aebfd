import { describe, expect, it } from "vitest";
import type { ConflictView } from "./ipc";
import { type Action, type AppState, initialState, reduce, Store, statusOf } from "./state";

const VIEW: ConflictView = { path: "a.md", disk_text: "theirs", disk_hash: "h", diff: [] };
const open = (s: AppState = initialState) => reduce(s, { type: "opened", path: "a.md" });
const run = (s: AppState, ...actions: Action[]) => actions.reduce(reduce, s);

describe("reduce", () => {
  it("session: the folder, version and recent folders", () => {
    const s = reduce(initialState, {
      type: "session",
      folder: "/d",
      version: "1.2",
      recent: ["/x", "/y"],
    });
    expect([s.folder, s.version, s.recent]).toEqual(["/d", "1.2", ["/x", "/y"]]);
    expect(reduce(s, { type: "recent-failed", folder: "/x" }).recent).toEqual(["/y"]);
  });

  it("opened and closed: a fresh draft is saved and not paused", () => {
    const paused = reduce(open(), { type: "removed", message: "gone" });
    const again = reduce(paused, { type: "opened", path: "b.md", detail: "Opened" });
    expect(again).toMatchObject({ open: "b.md", paused: null, save: "saved", detail: "Opened" });
    expect(statusOf(again).text).toBe("Opened");
    const closed = reduce(again, { type: "closed" });
    expect(closed).toMatchObject({ open: null, paused: null, save: "idle" });
    expect(statusOf(closed).text).toBe("");
  });

  it("moved: the open draft's new name; nothing when none is open", () => {
    expect(reduce(open(), { type: "moved", path: "b.md" }).open).toBe("b.md");
    expect(reduce(initialState, { type: "moved", path: "b.md" })).toBe(initialState);
  });

  it("save: the state and a detail that lasts until the next change", () => {
    const s = reduce(open(), { type: "save", save: "saved", detail: "Reloaded from disk" });
    expect(statusOf(s)).toEqual({ kind: "saved", text: "Reloaded from disk" });
    expect(statusOf(reduce(s, { type: "save", save: "edited" }))).toEqual({
      kind: "edited",
      text: "Edited",
    });
    expect(statusOf(reduce(s, { type: "save", save: "failed" })).text).toBe("Not saved");
    expect(reduce(initialState, { type: "save", save: "edited" })).toBe(initialState);
  });

  it("conflict, removed and resumed: the pause and what the status bar says", () => {
    const asking = reduce(open(), { type: "conflict", view: null });
    expect(asking.paused).toEqual({ kind: "conflict", view: null });
    expect(statusOf(asking)).toEqual({ kind: "failed", text: "Conflict" });
    const shown = reduce(asking, { type: "conflict", view: VIEW });
    expect(shown.paused).toEqual({ kind: "conflict", view: VIEW });
    const gone = reduce(shown, { type: "removed", message: "gone" });
    expect(gone.paused).toEqual({ kind: "removed", message: "gone" });
    expect(statusOf(gone).text).toBe("Not on disk");
    const back = reduce(gone, { type: "resumed", save: "edited" });
    expect(back.paused).toBeNull();
    expect(statusOf(back).text).toBe("Edited");
    // No draft open: nothing can be paused.
    expect(reduce(initialState, { type: "conflict", view: VIEW })).toBe(initialState);
    expect(reduce(initialState, { type: "removed", message: "x" })).toBe(initialState);
    expect(reduce(initialState, { type: "resumed", save: "saved" })).toBe(initialState);
  });

  it("error, notice and dismiss: one message at a time", () => {
    const e = reduce(initialState, { type: "error", text: "bad" });
    expect(e.message).toEqual({ kind: "error", text: "bad" });
    const n = reduce(e, { type: "notice", text: "news" });
    expect(n.message).toEqual({ kind: "info", text: "news" });
    expect(reduce(n, { type: "dismiss" }).message).toBeNull();
    // A save that went through ends an error, not news.
    expect(reduce(e, { type: "error-over" }).message).toBeNull();
    expect(reduce(n, { type: "error-over" })).toBe(n);
    expect(reduce(initialState, { type: "dismiss" })).toBe(initialState);
  });

  it("the preview and focus mode toggles", () => {
    const hidden = reduce(initialState, { type: "toggle-preview" });
    expect(hidden.previewShown).toBe(false);
    expect(reduce(hidden, { type: "show-preview" }).previewShown).toBe(true);
    expect(reduce(initialState, { type: "show-preview" })).toBe(initialState);
    const focus = reduce(initialState, { type: "toggle-focus" });
    expect(focus.focusMode).toBe(true);
    expect(reduce(focus, { type: "toggle-focus" }).focusMode).toBe(false);
  });

  it("polling: why the folder is polled, or null", () => {
    const s = reduce(initialState, { type: "polling", message: "inotify is full" });
    expect(s.polling).toBe("inotify is full");
    expect(reduce(s, { type: "polling", message: null }).polling).toBeNull();
  });

  it("never changes the state it is given", () => {
    const before = open();
    const copy = JSON.parse(JSON.stringify(before));
    run(
      before,
      { type: "conflict", view: VIEW },
      { type: "error", text: "x" },
      { type: "toggle-focus" },
      { type: "closed" },
    );
    expect(before).toEqual(copy);
  });
});

describe("Store", () => {
  it("tells its listeners of a change, with the state before it, and not of no change", () => {
    const store = new Store();
    const seen: [string | null, string | null][] = [];
    store.subscribe((s, before) => seen.push([before.open, s.open]));
    store.dispatch({ type: "opened", path: "a.md" });
    store.dispatch({ type: "dismiss" });
    store.dispatch({ type: "closed" });
    expect(seen).toEqual([
      [null, "a.md"],
      ["a.md", null],
    ]);
  });
});
