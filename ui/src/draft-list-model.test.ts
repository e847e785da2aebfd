import { describe, expect, it } from "vitest";
import {
  keyTarget,
  matchesFilter,
  modifiedLabel,
  rowsInView,
  withChange,
} from "./draft-list-model";
import { characters, countWords, readingMinutes } from "./status-bar";

const draft = {
  path: "2024/trip.md",
  title: "A Trip to Lisbon",
  date: "2024-05-01",
  modified_ms: 0,
};

describe("draft list", () => {
  it("moves by arrows, pages, Home, End and typed letters", () => {
    const titles = ["Alpha", "Beta", "Bravo", "Charlie", "Delta"].map((title) => ({ title }));
    expect(keyTarget(titles, -1, "ArrowDown", "")).toBe(0);
    expect(keyTarget(titles, 4, "ArrowDown", "")).toBe(4);
    expect(keyTarget(titles, 0, "ArrowUp", "")).toBe(0);
    expect(keyTarget(titles, 1, "PageDown", "")).toBe(4);
    expect(keyTarget(titles, 3, "Home", "")).toBe(0);
    expect(keyTarget(titles, 0, "End", "")).toBe(4);
    // One letter: the next title with it, wrapping; again: the one after.
    expect(keyTarget(titles, 0, "b", "b")).toBe(1);
    expect(keyTarget(titles, 1, "b", "b")).toBe(2);
    expect(keyTarget(titles, 2, "b", "b")).toBe(1);
    // Letters in a row: a growing prefix, the current row first.
    expect(keyTarget(titles, 1, "r", "br")).toBe(2);
    expect(keyTarget(titles, 2, "a", "bra")).toBe(2);
    // Nothing starts so: stay; other keys are not the list's.
    expect(keyTarget(titles, 3, "z", "z")).toBe(3);
    expect(keyTarget(titles, 3, "Tab", "")).toBeNull();
    expect(keyTarget([], -1, "Home", "")).toBeNull();
  });

  it("filters by every word in title, path or date", () => {
    expect(matchesFilter(draft, "lisbon")).toBe(true);
    expect(matchesFilter(draft, "trip 2024-05")).toBe(true);
    expect(matchesFilter(draft, "lisbon porto")).toBe(false);
    expect(matchesFilter(draft, "  ")).toBe(true);
  });

  it("draws the rows in view and a few around them", () => {
    // 10,000 rows of 50 px in a 500 px window.
    expect(rowsInView(10_000, 50, 0, 500, 10)).toEqual([0, 20]);
    expect(rowsInView(10_000, 50, 5_000, 500, 10)).toEqual([90, 120]);
    expect(rowsInView(10_000, 50, 499_500, 500, 10)).toEqual([9_980, 10_000]);
    // Scrolled past the end (the list just got shorter): its last rows.
    expect(rowsInView(5, 50, 5_000, 500, 10)).toEqual([0, 5]);
    expect(rowsInView(1_000, 50, 90_000, 500, 10)).toEqual([980, 1_000]);
    // Not measured yet (no row drawn): a first screenful.
    expect(rowsInView(10_000, 0, 0, 500, 10)).toEqual([0, 20]);
    expect(rowsInView(3, 0, 0, 500, 10)).toEqual([0, 3]);
    // Hidden (no height): at least the row at the top.
    expect(rowsInView(100, 50, 0, 0, 2)).toEqual([0, 3]);
    expect(rowsInView(0, 50, 0, 500)).toEqual([0, 0]);
  });

  it("takes a change on disk into the list, newest first", () => {
    const d = (path: string, modified_ms: number, title = path) => ({
      path,
      title,
      date: null,
      modified_ms,
    });
    const list = [d("c.md", 30), d("b.md", 20), d("a.md", 10)];
    // a.md edited (now the newest), b.md removed, new.md created with c.md's time.
    expect(withChange(list, [d("a.md", 40, "A2"), d("new.md", 30)], ["b.md", "gone.md"])).toEqual([
      d("a.md", 40, "A2"),
      d("c.md", 30),
      d("new.md", 30),
    ]);
    // Renamed: the old path removed, the new one listed.
    expect(withChange(list, [d("z.md", 20)], ["b.md"]).map((x) => x.path)).toEqual([
      "c.md",
      "z.md",
      "a.md",
    ]);
    expect(withChange(list, [], [])).toEqual(list);
  });

  it("labels recent changes relatively", () => {
    const now = 10_000_000;
    expect(modifiedLabel(now - 5_000, now)).toBe("just now");
    expect(modifiedLabel(now - 5 * 60_000, now)).toBe("5 min ago");
    expect(modifiedLabel(now - 2 * 3_600_000, now)).toBe("2 h ago");
  });
});

describe("word count", () => {
  it("counts the body, not the front matter", () => {
    expect(countWords("---\ntitle: Many words here\n---\nTwo words").words).toBe(2);
    expect(countWords("+++\ntitle = 'x y z'\n+++\nOne").words).toBe(1);
    expect(countWords("It's a well-known fact, 42 times.").words).toBe(6);
    expect(countWords("").words).toBe(0);
  });
});

describe("reading time and characters", () => {
  it("counts 230 words a minute, at least one minute for any text", () => {
    expect(readingMinutes(0)).toBe(0);
    expect(readingMinutes(1)).toBe(1);
    expect(readingMinutes(460)).toBe(2);
    expect(readingMinutes(2300)).toBe(10);
  });
  it("counts an emoji as one character", () => {
    expect(characters("a😀é")).toBe(3);
    expect(countWords("x 😀").chars).toBe(3);
  });
});
