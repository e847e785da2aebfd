import { describe, expect, it } from "vitest";
import { engineOptions } from "./engine-picker";
import type { ProfileView } from "./ipc";

const view = (v: Partial<ProfileView>): ProfileView => ({
  profile: { engine: "commonmark" },
  label: "CommonMark",
  chosen: false,
  blog: null,
  blog_engine: null,
  ...v,
});

describe("engineOptions", () => {
  it("follows the connected blog unless the writer chose", () => {
    const o = engineOptions(
      view({ profile: { engine: "jekyll" }, blog: "/b", blog_engine: "jekyll" }),
    );
    expect(o[0]).toEqual({ value: "", label: "As the blog: Jekyll · kramdown", selected: true });
    expect(o.filter((x) => x.selected)).toHaveLength(1);
    const chosen = engineOptions(
      view({ profile: { engine: "hugo" }, chosen: true, blog: "/b", blog_engine: "jekyll" }),
    );
    expect(chosen.filter((x) => x.selected).map((x) => x.value)).toEqual(["hugo"]);
  });
  it("says when no blog is connected", () => {
    expect(engineOptions(view({}))[0].label).toBe("No blog connected: CommonMark");
  });
});
