import { describe, expect, it } from "vitest";
import { Blocks } from "./preview";
import type { PreviewUpdate } from "./ipc";

/** A Blocks of strings whose "DOM" is an array, to check what is touched. */
function model() {
  const dom: string[] = [];
  const blocks = new Blocks<string>();
  const touched: string[] = [];
  const apply = (u: PreviewUpdate) =>
    blocks.apply(
      u,
      (b) => b.html,
      (items, before) => {
        touched.push(...items);
        dom.splice(before === null ? dom.length : dom.indexOf(before), 0, ...items);
      },
      (items) => items.forEach((i) => dom.splice(dom.indexOf(i), 1)),
      () => dom.splice(0),
    );
  return { dom, blocks, touched, apply };
}

const full = (html: string[], lines: number[]): PreviewUpdate => ({
  version: 1,
  base: null,
  head: 0,
  tail: 0,
  blocks: html.map((h, k) => ({ html: h, line: lines[k] })),
  lines_from: 0,
  lines,
});

describe("Blocks", () => {
  it("replaces only the changed block and moves the lines after an inserted one", () => {
    const m = model();
    expect(m.apply(full(["a", "b", "c", "d"], [1, 3, 5, 7]))).toBe(true);
    m.touched.length = 0;
    // "b" edited, "x" inserted after it: 2 lines more for c and d.
    const ok = m.apply({
      version: 2,
      base: 1,
      head: 1,
      tail: 2,
      blocks: [
        { html: "B", line: 3 },
        { html: "x", line: 5 },
      ],
      lines_from: 3,
      lines: [7, 9],
    });
    expect(ok).toBe(true);
    expect(m.dom).toEqual(["a", "B", "x", "c", "d"]);
    expect(m.touched).toEqual(["B", "x"]);
    expect(m.blocks.lines).toEqual([1, 3, 5, 7, 9]);
    expect(m.blocks.version).toBe(2);
  });

  it("removes blocks and appends at the end", () => {
    const m = model();
    m.apply(full(["a", "b", "c"], [1, 2, 3]));
    m.apply({ version: 2, base: 1, head: 1, tail: 0, blocks: [{ html: "z", line: 2 }], lines_from: 1, lines: [2] });
    expect(m.dom).toEqual(["a", "z"]);
    expect(m.blocks.lines).toEqual([1, 2]);
  });

  it("refuses an update based on another version and changes nothing", () => {
    const m = model();
    m.apply(full(["a"], [1]));
    const ok = m.apply({ version: 9, base: 7, head: 0, tail: 0, blocks: [], lines_from: 0, lines: [] });
    expect(ok).toBe(false);
    expect(m.dom).toEqual(["a"]);
    expect(m.blocks.version).toBe(1);
  });
});
