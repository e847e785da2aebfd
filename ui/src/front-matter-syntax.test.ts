import { parser as baseParser } from "@lezer/markdown";
import { describe, expect, it } from "vitest";
import { closingFence, frontMatter } from "./front-matter-syntax";

const parser = baseParser.configure([frontMatter]);

function topNodes(text: string): string[] {
  const names: string[] = [];
  const cursor = parser.parse(text).cursor();
  if (cursor.firstChild()) {
    do names.push(cursor.name);
    while (cursor.nextSibling());
  }
  return names;
}

describe("front matter syntax", () => {
  it("finds the closing fence", () => {
    const text = "---\ntitle: x\n---\nbody";
    expect(closingFence(text, "---")).toEqual({ contentEnd: 13, fenceEnd: 16 });
    expect(closingFence("+++\na = 1\n+++", "+++")).toEqual({ contentEnd: 10, fenceEnd: 13 });
    expect(closingFence("---\nno close\n", "---")).toBeNull();
  });

  it("parses YAML and TOML blocks at the start only", () => {
    expect(topNodes("---\ntitle: x\n---\n# Head\n")).toEqual(["FrontMatter", "ATXHeading1"]);
    expect(topNodes("+++\ntitle = 'x'\n+++\ntext\n")).toEqual(["FrontMatter", "Paragraph"]);
    expect(topNodes("text\n\n---\ntitle: x\n---\n")).not.toContain("FrontMatter");
  });

  it("leaves an unclosed fence to Markdown", () => {
    expect(topNodes("---\nnot front matter\n")).not.toContain("FrontMatter");
  });
});
