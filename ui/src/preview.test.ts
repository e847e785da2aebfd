import { ChangeSet, Text } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import type { PreviewUpdate } from "./ipc";
import { Blocks, changeList } from "./preview-blocks";
import { CHUNK, chunkedHtml } from "./preview-chunks";
import { blockAt, fraction } from "./scroll-sync";

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
      (items) => {
        for (const i of items) dom.splice(dom.indexOf(i), 1);
      },
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
    m.apply({
      version: 2,
      base: 1,
      head: 1,
      tail: 0,
      blocks: [{ html: "z", line: 2 }],
      lines_from: 1,
      lines: [2],
    });
    expect(m.dom).toEqual(["a", "z"]);
    expect(m.blocks.lines).toEqual([1, 2]);
  });

  it("refuses an update based on another version and changes nothing", () => {
    const m = model();
    m.apply(full(["a"], [1]));
    const ok = m.apply({
      version: 9,
      base: 7,
      head: 0,
      tail: 0,
      blocks: [],
      lines_from: 0,
      lines: [],
    });
    expect(ok).toBe(false);
    expect(m.dom).toEqual(["a"]);
    expect(m.blocks.version).toBe(1);
  });
});

describe("changeList", () => {
  /** Applies `[from, to, insert]` (ascending, in the old text's offsets) as the backend does. */
  const applyList = (text: string, list: [number, number, string][]) => {
    let out = "";
    let at = 0;
    for (const [from, to, insert] of list) {
      expect(from).toBeGreaterThanOrEqual(at);
      out += text.slice(at, from) + insert;
      at = to;
    }
    return out + text.slice(at);
  };

  it("turns composed edits into ascending changes of the first text", () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pieces = ["a", "é", "😀", "\n", "para\n\n", ""];
    for (let round = 0; round < 50; round++) {
      const first = Text.of(["# Title", "", "Some 😀 text é", ""]);
      let doc = first;
      let changes = ChangeSet.empty(first.length);
      for (let k = 0; k < 1 + rand(8); k++) {
        // Offsets never split the emoji's two UTF-16 units.
        const cuts = [0];
        for (const ch of doc.toString()) cuts.push(cuts[cuts.length - 1] + ch.length);
        const a = cuts[rand(cuts.length)];
        const b = cuts[rand(cuts.length)];
        const c = ChangeSet.of(
          { from: Math.min(a, b), to: Math.max(a, b), insert: pieces[rand(pieces.length)] },
          doc.length,
        );
        doc = c.apply(doc);
        changes = changes.compose(c);
      }
      expect(applyList(first.toString(), changeList(changes))).toBe(doc.toString());
    }
  });
});

describe("scroll sync by source line", () => {
  it("finds the block a line falls in", () => {
    const lines = [1, 5, 9, 30];
    expect(blockAt(lines, 0)).toBe(-1);
    expect(blockAt(lines, 1)).toBe(0);
    expect(blockAt(lines, 8)).toBe(1);
    expect(blockAt(lines, 9)).toBe(2);
    expect(blockAt(lines, 29)).toBe(2);
    expect(blockAt(lines, 1000)).toBe(3);
    expect(blockAt([], 3)).toBe(-1);
  });
  it("interpolates inside a block", () => {
    expect(fraction(15, 10, 20)).toBe(0.5);
    expect(fraction(10, 10, 10)).toBe(0);
    expect(fraction(25, 10, 20)).toBeLessThan(1);
    expect(fraction(5, 10, 20)).toBe(0);
  });
});

describe("the preview's chunks", () => {
  it("puts every block in order, CHUNK to a chunk", () => {
    expect(chunkedHtml([])).toBe("");
    const html = chunkedHtml(Array.from({ length: CHUNK + 2 }, (_, i) => `<p>${i}</p>`));
    const chunks = html.split('<div class="md-chunk">').slice(1);
    expect(chunks.map((c) => c.split('<div class="md-block">').length - 1)).toEqual([CHUNK, 2]);
    expect(html.startsWith('<div class="md-chunk"><div class="md-block"><p>0</p></div>')).toBe(
      true,
    );
    expect(html.endsWith(`<div class="md-block"><p>${CHUNK + 1}</p></div></div>`)).toBe(true);
  });
});
