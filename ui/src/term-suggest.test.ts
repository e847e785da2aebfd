import { describe, expect, it } from "vitest";
import type { Term } from "./ipc";
import { matchTerms, usesLabel } from "./term-suggest";

const t = (term: string, posts: number, drafts = 0): Term => ({ term, posts, drafts });
const TERMS = [t("ruby", 212), t("rust", 40, 2), t("hyper-v", 12), t("trusty", 3), t("go", 50)];
const names = (list: Term[]) => list.map((x) => x.term);

describe("matchTerms", () => {
  it("starting with the typed text first, then containing it, each most used first", () => {
    expect(names(matchTerms(TERMS, "ru", []))).toEqual(["ruby", "rust", "trusty"]);
    expect(names(matchTerms(TERMS, "RUS", []))).toEqual(["rust", "trusty"]);
    // One letter: only terms starting with it.
    expect(names(matchTerms(TERMS, "r", []))).toEqual(["ruby", "rust"]);
  });

  it("ignores case, dashes, underscores and spaces", () => {
    expect(names(matchTerms(TERMS, "Hyper V", []))).toEqual(["hyper-v"]);
    expect(names(matchTerms(TERMS, "hyperv", []))).toEqual(["hyper-v"]);
  });

  it("leaves out the draft's own terms and keeps to the limit", () => {
    expect(names(matchTerms(TERMS, "", ["ruby"], 2))).toEqual(["rust", "hyper-v"]);
    expect(matchTerms(TERMS, "zzz", [])).toEqual([]);
  });
});

describe("usesLabel", () => {
  it("counts posts and drafts apart", () => {
    expect(usesLabel(t("a", 212))).toBe("212 posts");
    expect(usesLabel(t("a", 1, 1))).toBe("1 post, 1 draft");
    expect(usesLabel(t("a", 0, 3))).toBe("3 drafts");
  });
});
