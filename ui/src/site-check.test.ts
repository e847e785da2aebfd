import { describe, expect, it } from "vitest";
import type { SiteDifference, SiteReport } from "./ipc";
import { summary } from "./site-check";

const diff = (visible: boolean): SiteDifference => ({
  line: 5,
  visible,
  site: "“a”",
  preview: '"a"',
  site_html: null,
  preview_html: null,
});

const report = (r: Partial<SiteReport>): SiteReport => ({
  draft: "post.md",
  engine: "Jekyll",
  status: "identical",
  differences: [],
  message: null,
  line: null,
  seconds: 1.26,
  ...r,
});

describe("summary", () => {
  it("counts what a reader sees apart from markup", () => {
    expect(
      summary(report({ status: "different", differences: [diff(true), diff(true), diff(false)] })),
    ).toBe(
      "The site differs from the preview: 2 blocks a reader sees differently, 1 in markup only (Jekyll, 1.3 s).",
    );
    expect(summary(report({ status: "different", differences: [diff(false)] }))).toBe(
      "The site differs from the preview: 1 in markup only (Jekyll, 1.3 s).",
    );
  });
  it("names identical posts, failed builds with their line, and missing engines", () => {
    expect(summary(report({}))).toBe(
      "The site shows this post exactly as the preview does (Jekyll, 1.3 s).",
    );
    expect(summary(report({ status: "failed", line: 7 }))).toBe(
      "Jekyll could not build the post (line 7).",
    );
    expect(summary(report({ status: "missing", engine: "" }))).toBe(
      "The site's engine is not installed.",
    );
  });
});
