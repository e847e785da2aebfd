import { describe, expect, it } from "vitest";
import type { LinkTarget } from "./ipc";
import { fuzzyScore, pick } from "./link-picker";

const t = (title: string, date: string | null, path = `${title}.md`): LinkTarget => ({
  title,
  date,
  path,
  draft: false,
  url: `@/${path}`,
});

describe("fuzzyScore", () => {
  it("finds the letters in order, whatever their case, and not out of order", () => {
    expect(fuzzyScore("lsb", "Three days in Lisbon")).not.toBeNull();
    expect(fuzzyScore("LISBON", "Three days in Lisbon")).not.toBeNull();
    expect(fuzzyScore("nobsil", "Three days in Lisbon")).toBeNull();
    expect(fuzzyScore("", "anything")).toBe(0);
  });

  it("scores letters in a row and at word starts higher", () => {
    const inRow = fuzzyScore("lis", "Three days in Lisbon") ?? 0;
    const apart = fuzzyScore("lis", "Three lazy dogs sleep") ?? 0;
    expect(inRow).toBeGreaterThan(apart);
  });
});

describe("pick", () => {
  const targets = [
    t("Porto at night", "2024-05-02"),
    t("Lisbon trams", "2024-05-01"),
    t("Old post", null),
  ];

  it("keeps the newest-first order when nothing is typed", () => {
    expect(pick(targets, "").map((x) => x.title)).toEqual([
      "Porto at night",
      "Lisbon trams",
      "Old post",
    ]);
  });

  it("puts the best fit first and leaves out what does not fit", () => {
    expect(pick(targets, "tram").map((x) => x.title)).toEqual(["Lisbon trams"]);
    // The file name too, but not the folders or the extension.
    const posts = [
      t("Tram 28", null, "_posts/2023-09-01-tram-28.md"),
      t("Postcard", null, "_posts/2023-01-10-postcard-1.md"),
    ];
    expect(pick(posts, "tram").map((x) => x.title)).toEqual(["Tram 28"]);
    expect(pick(posts, "0110").map((x) => x.title)).toEqual(["Postcard"]);
    expect(pick(targets, "lisbon").map((x) => x.title)).toEqual(["Lisbon trams"]);
    expect(pick(targets, "o").length).toBe(3);
    expect(pick(targets, "post")[0].title).toBe("Old post");
  });
});
