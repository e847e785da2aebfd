/**
 * Markdown syntax extension: a YAML (`---`) or TOML (`+++`) front matter
 * block at the very start of the document, highlighted in its own language.
 * The rule matches the backend's: the first line is the fence and a closing
 * fence follows; otherwise the text is plain Markdown.
 */

import { yamlLanguage } from "@codemirror/lang-yaml";
import { StreamLanguage } from "@codemirror/language";
import { toml } from "@codemirror/legacy-modes/mode/toml";
import { type Input, parseMixed } from "@lezer/common";
import { styleTags, tags } from "@lezer/highlight";
import type { BlockContext, Line, MarkdownConfig } from "@lezer/markdown";

const tomlParser = StreamLanguage.define(toml).parser;
const MAX_SCAN = 64 * 1024;
/**
 * Past this length the front matter is shown without YAML/TOML colours: the
 * nested parse walks the document's whole syntax tree after every edit,
 * which in a long post costs more per keystroke than the Markdown parse.
 */
export const NESTED_MAX = 200_000;

const nested = parseMixed((node) => {
  if (node.name === "FrontMatterYaml") return { parser: yamlLanguage.parser };
  if (node.name === "FrontMatterToml") return { parser: tomlParser };
  return null;
});

/** Offset where the closing fence's line starts, or -1 when there is none. */
export function closingFence(
  text: string,
  fence: "---" | "+++",
): { contentEnd: number; fenceEnd: number } | null {
  const firstBreak = text.indexOf("\n");
  if (firstBreak < 0) return null;
  let pos = firstBreak + 1;
  while (pos <= text.length) {
    const end = text.indexOf("\n", pos);
    const line = text
      .slice(pos, end < 0 ? text.length : end)
      .replace(/\r$/, "")
      .trimEnd();
    if (line === fence || (fence === "---" && line === "...")) {
      return { contentEnd: pos, fenceEnd: end < 0 ? text.length : end };
    }
    if (end < 0) return null;
    pos = end + 1;
  }
  return null;
}

export const frontMatter: MarkdownConfig = {
  defineNodes: [
    { name: "FrontMatter", block: true },
    { name: "FrontMatterMark" },
    { name: "FrontMatterYaml" },
    { name: "FrontMatterToml" },
  ],
  props: [styleTags({ FrontMatterMark: tags.processingInstruction })],
  parseBlock: [
    {
      name: "FrontMatter",
      before: "HorizontalRule",
      parse(cx: BlockContext, line: Line): boolean {
        if (cx.lineStart !== 0 || cx.parentType().name !== "Document") return false;
        const fence = line.text.trimEnd();
        if (fence !== "---" && fence !== "+++") return false;
        const input = (cx as unknown as { input: Input }).input;
        const head = input.read(0, Math.min(input.length, MAX_SCAN));
        const close = closingFence(head, fence);
        if (!close) return false;
        const contentStart = line.text.length + 1;
        const children = [cx.elt("FrontMatterMark", 0, line.text.length)];
        if (close.contentEnd > contentStart) {
          const kind = fence === "---" ? "FrontMatterYaml" : "FrontMatterToml";
          children.push(cx.elt(kind, contentStart, close.contentEnd - 1));
        }
        children.push(cx.elt("FrontMatterMark", close.contentEnd, close.fenceEnd));
        while (cx.lineStart < close.contentEnd && cx.nextLine()) {
          /* consume the block's lines */
        }
        cx.nextLine();
        cx.addElement(cx.elt("FrontMatter", 0, close.fenceEnd, children));
        return true;
      },
    },
  ],
  wrap: (inner, input, fragments, ranges) =>
    input.length > NESTED_MAX ? inner : nested(inner, input, fragments, ranges),
};
