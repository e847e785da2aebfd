import { EditorState, type TransactionSpec } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import { describe, expect, it } from "vitest";
import { altRange, imageFiles, imagePasteAndDrop, imagePending, insertImages } from "./images";
import type { Attached } from "./ipc";

/** A stand-in for the view: a state that dispatch moves on. */
function fakeView(doc: string) {
  const v = {
    state: EditorState.create({
      doc,
      extensions: imagePasteAndDrop({
        draft: () => "d.md",
        attach: async () => never(),
        onError: () => {},
      }),
    }),
    dispatch(spec: TransactionSpec) {
      v.state = v.state.update(spec).state;
    },
    focus() {},
  };
  return v as typeof v & Pick<EditorView, "dispatch">;
}
const never = (): Attached => {
  throw new Error("not called");
};
const attached = (markdown: string): Attached => ({ path: "", alt: "", markdown, reused: false });
const png = (name: string) => new File([new Uint8Array([0x89, 0x50])], name, { type: "image/png" });

describe("image paste and drop", () => {
  it("takes image files only, also when a clipboard lists them as items", () => {
    const text = new File(["x"], "notes.txt", { type: "text/plain" });
    const svg = new File(["<svg/>"], "logo.SVG", { type: "" });
    const data = { files: [png("a.png"), text, svg], items: [] } as unknown as DataTransfer;
    expect(imageFiles(data).map((f) => f.name)).toEqual(["a.png", "logo.SVG"]);
    const items = {
      files: [],
      items: [
        { kind: "file", getAsFile: () => png("image.png") },
        { kind: "string", getAsFile: () => null },
      ],
    };
    expect(imageFiles(items as unknown as DataTransfer).map((f) => f.name)).toEqual(["image.png"]);
    expect(imageFiles(null)).toEqual([]);
  });

  it("finds the alt text to select", () => {
    expect(altRange("![Sunset \\[2\\]](a.assets/s.png)")).toEqual([2, 14]);
    expect(altRange("no image")).toBeNull();
  });

  it("inserts where the image was dropped even when the text changed meanwhile, and selects the alt text", async () => {
    const view = fakeView("Hello world");
    let release!: (a: Attached) => void;
    const done = insertImages(
      view,
      [png("a.png")],
      { from: 6, to: 6 },
      {
        draft: () => "trip.md",
        attach: (draft, name, bytes) => {
          expect([draft, name, bytes.length]).toEqual(["trip.md", "a.png", 2]);
          return new Promise((r) => (release = r));
        },
        onError: (e) => {
          throw e;
        },
      },
    );
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    view.dispatch({ changes: { from: 0, insert: ">> " } }); // typed before the drop point
    release(attached("![a](t.assets/a.png)"));
    await done;
    expect(view.state.doc.toString()).toBe(">> Hello ![a](t.assets/a.png)world");
    const sel = view.state.selection.main;
    expect(view.state.sliceDoc(sel.from, sel.to)).toBe("a");
  });

  it("puts several images on their own lines and reports the ones refused", async () => {
    const view = fakeView("");
    const errors: unknown[] = [];
    await insertImages(
      view,
      [png("a.png"), png("bad.png"), png("b.png")],
      { from: 0, to: 0 },
      {
        draft: () => "d.md",
        attach: async (_draft, name) => {
          if (name === "bad.png") throw { code: "image_not_attached", message: "no" };
          return attached(`![${name}](${name})`);
        },
        onError: (e) => errors.push(e),
      },
    );
    expect(view.state.doc.toString()).toBe("![a.png](a.png)\n![b.png](b.png)");
    expect(errors).toHaveLength(1);
  });

  it("replaces the selection only when an image was attached", async () => {
    const view = fakeView("keep this");
    const refuse = {
      draft: () => "d.md",
      attach: async () => Promise.reject(new Error("no")),
      onError: () => {},
    };
    await insertImages(view, [png("a.png")], { from: 5, to: 9 }, refuse);
    expect(view.state.doc.toString()).toBe("keep this");
    const ok = {
      draft: () => "d.md",
      attach: async () => attached("![a](a.png)"),
      onError: () => {},
    };
    await insertImages(view, [png("a.png")], { from: 5, to: 9 }, ok);
    expect(view.state.doc.toString()).toBe("keep ![a](a.png)");
    expect(view.state.field(imagePending).size).toBe(0);
  });

  it("inserts nothing into a draft loaded meanwhile, and says where the images went", async () => {
    const view = fakeView("one");
    const errors: string[] = [];
    const hooks = {
      draft: () => "one.md",
      attach: async () => ({ ...attached("![a](a.png)"), path: "one.assets/a.png" }),
      onError: (e: unknown) => errors.push(String(e)),
    };
    const done = insertImages(view, [png("a.png")], { from: 0, to: 0 }, hooks);
    view.state = EditorState.create({ doc: "another draft" });
    await done;
    expect(view.state.doc.toString()).toBe("another draft");
    expect(errors.join()).toContain("saved beside 'one.md': one.assets/a.png");
  });

  it("refuses an image over 50 MB before reading it, and needs an open draft", async () => {
    const view = fakeView("x");
    const errors: string[] = [];
    const huge = {
      name: "huge.png",
      type: "image/png",
      size: 60_000_000,
      arrayBuffer: () => never(),
    } as unknown as File;
    const hooks = {
      draft: () => "x.md",
      attach: async () => never(),
      onError: (e: unknown) => errors.push(String(e)),
    };
    await insertImages(view, [huge], { from: 0, to: 0 }, hooks);
    expect(errors).toEqual([
      "Error: 'huge.png' was not added: it is 60.0 MB; images up to 50 MB are added.",
    ]);
    await insertImages(view, [png("a.png")], { from: 0, to: 0 }, { ...hooks, draft: () => null });
    expect(errors[1]).toContain("Open a draft");
    expect(view.state.doc.toString()).toBe("x");
  });
});
