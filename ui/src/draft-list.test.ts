import { describe, expect, it } from "vitest";
import { matchesFilter, modifiedLabel } from "./draft-list";
import { countWords, readingMinutes, characters } from "./status-bar";

const draft = { path: "2024/trip.md", title: "A Trip to Lisbon", date: "2024-05-01", modified_ms: 0 };

describe("draft list", () => {
  it("filters by every word in title, path or date", () => {
    expect(matchesFilter(draft, "lisbon")).toBe(true);
    expect(matchesFilter(draft, "trip 2024-05")).toBe(true);
    expect(matchesFilter(draft, "lisbon porto")).toBe(false);
    expect(matchesFilter(draft, "  ")).toBe(true);
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
