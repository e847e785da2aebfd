/**
 * The window's flows with the backend mocked: a Desk of plain objects, the
 * real store, OpenDraft, conflict and session code, and fake timers.
 */
import { Text } from "@codemirror/state";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("./ipc", async (original) => ({
  ...(await original<typeof import("./ipc")>()),
  listDrafts: vi.fn(async () => []),
  openDraft: vi.fn(),
  saveDraft: vi.fn(),
  recordUnsaved: vi.fn(async () => undefined),
  showConflict: vi.fn(),
  resolveConflict: vi.fn(),
  frontMatterForm: vi.fn(async () => ({ format: "yaml", fields: [], error: null, warnings: [] })),
  frontMatterEdit: vi.fn(),
  postTemplates: vi.fn(async () => []),
  createDraft: vi.fn(),
}));

import { settle } from "./conflicts";
import type { Desk } from "./desk";
import { FormSync } from "./form-sync";
import * as ipc from "./ipc";
import { ListSync } from "./list-sync";
import { followPause, newDraft, openDraft } from "./session";
import { Store, statusOf } from "./state";
import { onDraftsEvent } from "./watcher";

const mocked = {
  openDraft: vi.mocked(ipc.openDraft),
  saveDraft: vi.mocked(ipc.saveDraft),
  showConflict: vi.mocked(ipc.showConflict),
  resolveConflict: vi.mocked(ipc.resolveConflict),
  frontMatterEdit: vi.mocked(ipc.frontMatterEdit),
  postTemplates: vi.mocked(ipc.postTemplates),
  createDraft: vi.mocked(ipc.createDraft),
};

/** A desk whose editor is a string, the pause followed as in the window. */
function makeDesk(): Desk & { editorText: { value: string } } {
  const editorText = { value: "" };
  const store = new Store();
  const list = { all: [], set: vi.fn(), update: vi.fn(), select: vi.fn() };
  const form = { show: vi.fn(), hide: vi.fn() };
  const editor = {
    get text() {
      return editorText.value;
    },
    get length() {
      return editorText.value.length;
    },
    get doc() {
      return Text.of(editorText.value.split("\n"));
    },
    load: (t: string) => {
      editorText.value = t;
    },
    replace: (t: string) => {
      editorText.value = t;
    },
    edit: (from: number, to: number, insert: string) => {
      editorText.value = editorText.value.slice(0, from) + insert + editorText.value.slice(to);
    },
    slice: (from: number, to: number) => editorText.value.slice(from, to),
    focus: vi.fn(),
    goToLine: vi.fn(),
  };
  const desk: Desk & { editorText: { value: string } } = {
    editorText,
    store,
    editor,
    preview: { now: vi.fn(), schedule: vi.fn(), clear: vi.fn() },
    list,
    form,
    ask: { text: vi.fn(), textAndChoice: vi.fn(), confirm: vi.fn() },
    side: {
      counts: vi.fn(),
      recovery: vi.fn(),
      closeSiteCheck: vi.fn(),
      refreshEngine: vi.fn(async () => undefined),
    },
    lists: new ListSync(list, store),
    forms: new FormSync(editor, form, store, () => desk.current),
    current: null,
  };
  followPause(desk);
  return desk;
}

/** The user types: the editor's text changes and the open draft hears of it. */
function type(d: ReturnType<typeof makeDesk>, text: string): void {
  d.editorText.value = text;
  d.current?.changed(text.length);
}

const DISK = { path: "a.md", text: "# A\n", hash: "h0" };

beforeEach(() => {
  vi.stubGlobal("window", globalThis);
  vi.useFakeTimers();
  for (const m of Object.values(mocked)) m.mockReset();
  mocked.openDraft.mockImplementation(async (path) => ({ ...DISK, path }));
});
afterEach(() => vi.useRealTimers());

describe("flows", () => {
  it("a draft that comes back on disk while paused resumes autosave", async () => {
    const d = makeDesk();
    await openDraft(d, "a.md");
    mocked.saveDraft.mockRejectedValueOnce({ code: "draft_removed", message: "gone" });
    type(d, "# A\nmore\n");
    await vi.advanceTimersByTimeAsync(1100);
    expect(d.store.state.paused?.kind).toBe("removed");
    expect(statusOf(d.store.state).text).toBe("Not on disk");
    type(d, "# A\nmore, still\n");
    await vi.advanceTimersByTimeAsync(3000);
    expect(mocked.saveDraft).toHaveBeenCalledOnce();

    mocked.saveDraft.mockResolvedValue({ hash: "h1", written: true });
    onDraftsEvent(d, { kind: "open_back", path: "a.md" });
    expect(d.store.state.paused).toBeNull();
    await vi.advanceTimersByTimeAsync(1100);
    expect(mocked.saveDraft).toHaveBeenLastCalledWith("a.md", "# A\nmore, still\n", "h0");
    expect(d.store.state.save).toBe("saved");
  });

  it("drafts opened in a row show the newest asked, whatever order they answer in", async () => {
    const d = makeDesk();
    await openDraft(d, "a.md");
    const answers: Record<string, (v: typeof DISK) => void> = {};
    mocked.openDraft.mockImplementation(
      (path) => new Promise((done) => (answers[path] = (v) => done({ ...v, path }))),
    );
    const first = openDraft(d, "b.md");
    await vi.advanceTimersByTimeAsync(0); // b.md is asked of the backend…
    const second = openDraft(d, "c.md");
    await vi.advanceTimersByTimeAsync(0); // …then c.md
    answers["c.md"]({ ...DISK, text: "# C\n" });
    await second;
    answers["b.md"]({ ...DISK, text: "# B\n" }); // the older answer comes last
    await first;
    expect(d.store.state.open).toBe("c.md");
    expect(d.editorText.value).toBe("# C\n");
    expect(d.current?.path).toBe("c.md");
    expect(d.list.select).toHaveBeenLastCalledWith("c.md");
  });

  it("a draft that cannot be opened gives the list's selection back to the open one", async () => {
    const d = makeDesk();
    await openDraft(d, "a.md");
    mocked.openDraft.mockRejectedValueOnce({ code: "not_found", message: "b.md is gone" });
    d.list.select("b.md"); // as the list does when a key picks a row
    await openDraft(d, "b.md");
    expect(d.store.state.open).toBe("a.md");
    expect(d.store.state.message?.text).toContain("b.md is gone");
    expect(d.list.select).toHaveBeenLastCalledWith("a.md");
  });

  it("switching drafts during a conflict is refused with a message", async () => {
    const d = makeDesk();
    await openDraft(d, "a.md");
    mocked.showConflict.mockResolvedValue({
      path: "a.md",
      disk_text: "# A, theirs\n",
      disk_hash: "h9",
      diff: [],
    });
    type(d, "# A, mine\n");
    onDraftsEvent(d, { kind: "open_changed", path: "a.md", hash: "h9" });
    await vi.advanceTimersByTimeAsync(0);
    expect(d.store.state.paused?.kind).toBe("conflict");

    await openDraft(d, "b.md");
    expect(d.store.state.open).toBe("a.md");
    expect(d.current?.path).toBe("a.md");
    expect(mocked.openDraft).toHaveBeenCalledTimes(1);
    expect(d.store.state.message).toEqual({
      kind: "error",
      text: "Choose how to settle the conflict before opening another draft.",
    });
    expect(d.editorText.value).toBe("# A, mine\n");

    // Settled by keeping mine: the other draft opens now.
    mocked.resolveConflict.mockResolvedValue({
      text: "# A, mine\n",
      hash: "h10",
      kept_as: "a.conflict.md",
      conflicts: 0,
    });
    await settle(d, "keep_mine");
    expect(d.store.state.paused).toBeNull();
    // The banner's button is gone with it: the text has the focus back.
    expect(d.editor.focus).toHaveBeenCalled();
    await openDraft(d, "b.md");
    expect(d.store.state.open).toBe("b.md");
  });

  it("a failed save, then a successful one, clears the error", async () => {
    const d = makeDesk();
    await openDraft(d, "a.md");
    mocked.saveDraft
      .mockRejectedValueOnce({ code: "save_failed", message: "The disk is full." })
      .mockResolvedValue({ hash: "h1", written: true });
    type(d, "# A\nnew\n");
    await vi.advanceTimersByTimeAsync(1100);
    expect(d.store.state.message?.kind).toBe("error");
    expect(d.store.state.message?.text).toContain("The disk is full.");
    expect(statusOf(d.store.state)).toEqual({ kind: "failed", text: "Not saved" });
    await vi.advanceTimersByTimeAsync(2100);
    expect(mocked.saveDraft).toHaveBeenCalledTimes(2);
    expect(d.store.state.message).toBeNull();
    expect(statusOf(d.store.state)).toEqual({ kind: "saved", text: "Saved" });
  });

  it("a clean draft changed on disk is taken in place; a dirty one is a conflict", async () => {
    const d = makeDesk();
    await openDraft(d, "a.md");
    d.editorText.value = DISK.text;
    mocked.openDraft.mockResolvedValueOnce({ path: "a.md", text: "# A, new\n", hash: "h2" });
    onDraftsEvent(d, { kind: "open_changed", path: "a.md", hash: "h9" });
    await vi.advanceTimersByTimeAsync(0);
    expect(d.editorText.value).toBe("# A, new\n");
    expect(statusOf(d.store.state).text).toBe("Reloaded from disk");
    expect(d.current?.baseHash).toBe("h2");

    mocked.showConflict.mockResolvedValue({
      path: "a.md",
      disk_text: "# A, theirs\n",
      disk_hash: "h3",
      diff: [],
    });
    type(d, "# A, mine\n");
    onDraftsEvent(d, { kind: "open_changed", path: "a.md", hash: "h9" });
    await vi.advanceTimersByTimeAsync(0);
    expect(d.store.state.paused?.kind).toBe("conflict");
    expect(d.editorText.value).toBe("# A, mine\n");
    await vi.advanceTimersByTimeAsync(3000);
    expect(mocked.saveDraft).not.toHaveBeenCalled();
  });

  it("a form edit made on one draft never lands in the next one", async () => {
    const d = makeDesk();
    await openDraft(d, "a.md");
    mocked.saveDraft.mockResolvedValue({ hash: "h1", written: true });
    type(d, "---\ntitle: A\n---\n");
    let answer: (head: string) => void = () => {};
    mocked.frontMatterEdit.mockImplementationOnce(
      () => new Promise((resolve) => (answer = resolve)),
    );
    const edited = d.forms.edit({ op: "text", path: ["title"], text: "A, renamed" });
    mocked.openDraft.mockResolvedValueOnce({
      path: "b.md",
      text: "---\ntitle: B\n---\n",
      hash: "hb",
    });
    await openDraft(d, "b.md");
    expect(d.store.state.open).toBe("b.md");
    answer("---\ntitle: A, renamed\n---\n");
    expect(await edited).toBeNull();
    expect(d.editorText.value).toBe("---\ntitle: B\n---\n");
    expect(mocked.frontMatterEdit).toHaveBeenCalledOnce();
  });

  it("a new draft comes from the blog's template the writer picks, else from a title alone", async () => {
    const d = makeDesk();
    mocked.createDraft.mockResolvedValue({
      path: "walk.md",
      title: "Walk",
      date: null,
      modified_ms: 0,
    });
    mocked.postTemplates.mockResolvedValue([]);
    vi.mocked(d.ask.text).mockResolvedValue("Walk");
    await newDraft(d);
    expect(mocked.createDraft).toHaveBeenLastCalledWith("Walk", null);
    expect(d.ask.textAndChoice).not.toHaveBeenCalled();

    mocked.postTemplates.mockResolvedValue([
      { id: "archetype:default.md", name: "Hugo archetype 'default'" },
    ]);
    vi.mocked(d.ask.textAndChoice).mockImplementation(async (_t, _ok, choices) => {
      // The blog's template is offered first, a plain draft last.
      expect(choices.map((c) => c.value)).toEqual(["archetype:default.md", ""]);
      return { text: "Walk", choice: "archetype:default.md" };
    });
    await newDraft(d);
    expect(mocked.createDraft).toHaveBeenLastCalledWith("Walk", "archetype:default.md");
    expect(d.store.state.open).toBe("walk.md");
  });
});
