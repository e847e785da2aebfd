import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("./ipc", () => ({
  saveDraft: vi.fn(),
  recordUnsaved: vi.fn(async () => undefined),
  isIpcError: (e: unknown) => typeof e === "object" && e !== null && "code" in e,
  errorMessage: (e: { message?: string }) => e.message ?? String(e),
}));

import { JOURNAL_MS, LONG_JOURNAL, LONG_JOURNAL_MS, OpenDraft } from "./autosave";
import * as ipc from "./ipc";

const saveDraft = vi.mocked(ipc.saveDraft);
const recordUnsaved = vi.mocked(ipc.recordUnsaved);

function draft(text: { value: string }) {
  const hooks = {
    onConflict: vi.fn(),
    onRemoved: vi.fn(),
    onStatus: vi.fn(),
    onError: vi.fn(),
    onSaved: vi.fn(),
  };
  const d = new OpenDraft({ path: "a.md", text: "old", hash: "h0" }, () => text.value, hooks);
  return { d, hooks };
}

beforeEach(() => {
  vi.stubGlobal("window", globalThis);
  vi.useFakeTimers();
  saveDraft.mockReset();
  recordUnsaved.mockClear();
});
afterEach(() => vi.useRealTimers());

describe("OpenDraft", () => {
  it("journals unsaved text within half a second and saves after a quiet second", async () => {
    const text = { value: "new" };
    const { d } = draft(text);
    saveDraft.mockResolvedValue({ hash: "h1", written: true });
    d.changed();
    await vi.advanceTimersByTimeAsync(450);
    expect(recordUnsaved).toHaveBeenCalledWith("a.md", "new", "h0");
    expect(saveDraft).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(600);
    expect(saveDraft).toHaveBeenCalledWith("a.md", "new", "h0");
    expect(d.dirty).toBe(false);
    expect(d.baseHash).toBe("h1");
  });

  it("retries a failed save until the cause is gone, keeping the text", async () => {
    const text = { value: "new" };
    const { d, hooks } = draft(text);
    saveDraft
      .mockRejectedValueOnce({
        code: "save_failed",
        message: "Cannot save 'a.md': the disk is full.",
      })
      .mockRejectedValueOnce({
        code: "save_failed",
        message: "Cannot save 'a.md': the disk is full.",
      })
      .mockResolvedValue({ hash: "h1", written: true });
    await d.save();
    expect(d.dirty).toBe(true);
    expect(hooks.onError).toHaveBeenLastCalledWith(
      "Cannot save 'a.md': the disk is full. Blogdesk tries again in 2 s (or press Ctrl+S).",
    );
    await vi.advanceTimersByTimeAsync(2000);
    expect(saveDraft).toHaveBeenCalledTimes(2);
    expect(hooks.onError).toHaveBeenLastCalledWith(expect.stringContaining("tries again in 4 s"));
    expect(hooks.onStatus).toHaveBeenLastCalledWith("failed");
    await vi.advanceTimersByTimeAsync(4000);
    expect(saveDraft).toHaveBeenCalledTimes(3);
    expect(d.dirty).toBe(false);
    expect(hooks.onStatus).toHaveBeenLastCalledWith("saved");
    expect(hooks.onSaved).toHaveBeenCalledOnce();
  });

  it("stops autosaving on a conflict and hands it to the banner", async () => {
    const text = { value: "mine" };
    const { d, hooks } = draft(text);
    saveDraft.mockRejectedValue({ code: "draft_changed_on_disk", message: "changed" });
    await d.save();
    expect(hooks.onConflict).toHaveBeenCalledOnce();
    expect(d.paused).toBe("conflict");
    text.value = "mine, more";
    d.changed();
    await vi.advanceTimersByTimeAsync(5000);
    expect(saveDraft).toHaveBeenCalledOnce();
    expect(recordUnsaved).toHaveBeenCalledWith("a.md", "mine, more", "h0");
  });

  it("a removed draft is not recreated by autosave", async () => {
    const text = { value: "mine" };
    const { d, hooks } = draft(text);
    saveDraft.mockRejectedValue({ code: "draft_removed", message: "removed" });
    await d.save();
    expect(hooks.onRemoved).toHaveBeenCalledOnce();
    d.changed();
    await vi.advanceTimersByTimeAsync(3000);
    expect(saveDraft).toHaveBeenCalledOnce();
  });

  it("journals a long draft less often", async () => {
    const text = { value: "x".repeat(10) };
    const { d } = draft(text);
    d.changed(LONG_JOURNAL + 1);
    await vi.advanceTimersByTimeAsync(JOURNAL_MS + 10);
    expect(recordUnsaved).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(LONG_JOURNAL_MS);
    expect(recordUnsaved).toHaveBeenCalledOnce();
    d.changed(10);
    await vi.advanceTimersByTimeAsync(JOURNAL_MS + 10);
    expect(recordUnsaved).toHaveBeenCalledTimes(2);
  });
});
