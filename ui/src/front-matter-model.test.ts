import { describe, expect, it } from "vitest";
import { chipsFrom, headOf, pathFor } from "./front-matter-model";
import type { FmField, FmForm } from "./ipc";

const field = (path: string[], kind: FmField["kind"] = "list"): FmField => ({
  path,
  line: 2,
  kind,
  text: null,
  items: [],
  flag: null,
  date: null,
  raw: "",
  editable: true,
});
const form = (fields: FmField[], format: FmForm["format"] = "toml"): FmForm => ({
  format,
  fields,
  error: null,
  warnings: [],
});

describe("front matter form", () => {
  it("takes the head up to the closing fence's line", () => {
    expect(headOf("---\ntitle: A\n---\nBody\n")).toBe("---\ntitle: A\n---\n");
    expect(headOf("+++\ntitle = 'A'\n+++")).toBe("+++\ntitle = 'A'\n+++");
    expect(headOf("\ufeff---\na: 1\n...\nrest")).toBe("\ufeff---\na: 1\n...\n");
    expect(headOf("# No front matter\n---\n")).toBe("");
    // Unclosed: the start of the text, so Rust can say what is wrong.
    expect(headOf("---\ntitle: A\n")).toBe("---\ntitle: A\n");
  });

  it("binds tags to taxonomies when a TOML block keeps them there", () => {
    const zola = form([field(["title"], "text"), field(["taxonomies", "tags"])]);
    expect(pathFor(zola, [["tags"], ["taxonomies", "tags"]]).path).toEqual(["taxonomies", "tags"]);
    const emptyTable = form([field(["taxonomies", "categories"])]);
    expect(pathFor(emptyTable, [["tags"], ["taxonomies", "tags"]]).path).toEqual([
      "taxonomies",
      "tags",
    ]);
    const jekyll = form([field(["category"], "text")], "yaml");
    expect(pathFor(jekyll, [["categories"], ["category"]]).path).toEqual(["category"]);
    expect(pathFor(form([], "yaml"), [["tags"], ["taxonomies", "tags"]]).path).toEqual(["tags"]);
  });

  it("splits typed chips on commas", () => {
    expect(chipsFrom(" rust, web ,, ")).toEqual(["rust", "web"]);
    expect(chipsFrom("   ")).toEqual([]);
  });
});
