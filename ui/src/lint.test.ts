import type { EditorView } from "@codemirror/view";
import { describe, expect, it } from "vitest";
import type { Finding } from "./ipc";
import { diagnostics } from "./lint";

const finding = (over: Partial<Finding>): Finding => ({
  code: "emphasis_unclosed",
  severity: "error",
  line: 1,
  column: 1,
  from: 10,
  to: 12,
  message: "m",
  fixes: [],
  ...over,
});

describe("lint diagnostics", () => {
  it("drop findings past the text and keep severity, code and message", () => {
    const d = diagnostics([finding({}), finding({ from: 50, to: 52 })], 20, {
      addWord: async () => {},
    });
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({
      from: 10,
      to: 12,
      severity: "error",
      source: "emphasis_unclosed",
      message: "m",
    });
  });

  it("place a fix relative to where its finding is now", () => {
    const fix = { label: "Move it", from: 9, to: 12, insert: "** " };
    const [d] = diagnostics([finding({ fixes: [fix] })], 20, { addWord: async () => {} });
    const sent: unknown[] = [];
    const view = { dispatch: (tr: unknown) => sent.push(tr) } as unknown as EditorView;
    // Three characters were typed before the finding since it was checked.
    d.actions?.[0].apply(view, 13, 15);
    expect(sent).toEqual([
      { changes: { from: 12, to: 15, insert: "** " }, userEvent: "input.fix" },
    ]);
  });

  it("offer a spelling finding's word for the dictionary", async () => {
    const added: string[] = [];
    const [d] = diagnostics(
      [finding({ code: "spelling", severity: "warning", word: "Blogdesk" })],
      20,
      {
        addWord: async (w) => void added.push(w),
      },
    );
    expect(d.actions?.map((a) => a.name)).toEqual(["Add \u201cBlogdesk\u201d to the dictionary"]);
  });
});
