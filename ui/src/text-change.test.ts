import { describe, expect, it } from "vitest";
import { LONG_TEXT, previewPart } from "./preview";
import { minimalChange } from "./text-change";

const apply = (old: string, c: { from: number; to: number; insert: string }) =>
  old.slice(0, c.from) + c.insert + old.slice(c.to);

describe("minimalChange", () => {
  it("touches only what differs, so the cursor elsewhere keeps its place", () => {
    const old = "---\ntitle: A\n---\nFirst.\n\nSecond.\n";
    const text = "---\ntitle: A\n---\nFirst, rewritten.\n\nSecond.\n";
    const c = minimalChange(old, text);
    expect(c).toEqual({ from: old.indexOf("."), to: old.indexOf("."), insert: ", rewritten" });
    expect(apply(old, c)).toBe(text);
  });

  it("handles growth, shrinking, repeats and empty texts", () => {
    for (const [a, b] of [
      ["", "abc"],
      ["abc", ""],
      ["aaaa", "aa"],
      ["abcabc", "abc"],
      ["same", "same"],
      ["x\ny\nz", "x\nz"],
    ]) {
      expect(apply(a, minimalChange(a, b))).toBe(b);
    }
  });
});

describe("previewPart", () => {
  it("keeps short texts whole", () => {
    expect(previewPart("# Hi\n\nText\n")).toBe("# Hi\n\nText\n");
  });

  it("cuts a long text at a paragraph break before the limit", () => {
    const para = "A paragraph of text.\n\n";
    const long = para.repeat(Math.ceil((LONG_TEXT * 2) / para.length));
    const part = previewPart(long);
    expect(part.length).toBeLessThanOrEqual(LONG_TEXT + 1);
    expect(part.length).toBeGreaterThan(LONG_TEXT - para.length);
    expect(part.endsWith("text.\n")).toBe(true);
    expect(long.startsWith(part)).toBe(true);
  });
});
