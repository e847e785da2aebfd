/**
 * Images pasted or dropped into the editor: each file goes to Rust (which
 * copies it into the draft's image folder) and the Markdown that shows it is
 * inserted where it was pasted or dropped, however the text changed while
 * the copy was made. Anything that is not an image file is left to the
 * editor's own paste and drop.
 */
import { type Extension, StateEffect, StateField } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import type { Attached } from "./ipc";

export interface ImageHooks {
  /** The open draft, taken once per paste or drop (null: none is open). */
  draft(): string | null;
  /** Copies the image into the image folder of `draft`. */
  attach(draft: string, name: string | null, bytes: Uint8Array): Promise<Attached>;
  /** Shows why an image was not added (or not linked). */
  onError(e: unknown): void;
}

/** The largest image sent to Rust (which refuses larger ones too). */
export const MAX_IMAGE_BYTES = 50_000_000;

const IMAGE_NAME = /\.(png|jpe?g|gif|webp|avif|svg)$/i;

/** True for a file the editor takes as an image (by type, else by name). */
export const isImage = (f: File) => f.type.startsWith("image/") || IMAGE_NAME.test(f.name);

/** All files among `data`'s (a browser's paste gives `image/png` files). */
export function allFiles(data: DataTransfer | null): File[] {
  if (!data) return [];
  const files = Array.from(data.files ?? []);
  // Some clipboards list their image only among the items.
  if (files.length === 0) {
    for (const item of Array.from(data.items ?? [])) {
      const f = item.kind === "file" ? item.getAsFile() : null;
      if (f) files.push(f);
    }
  }
  return files;
}

/** The image files among `data`'s files. */
export const imageFiles = (data: DataTransfer | null) => allFiles(data).filter(isImage);

/** Ranges waiting for an image's Markdown, mapped through every change. */
type Waiting = { from: number; to: number };
const addPending = StateEffect.define<{ id: number } & Waiting>();
const dropPending = StateEffect.define<number>();
/** Exported for tests. */
export const imagePending = StateField.define<Map<number, Waiting>>({
  create: () => new Map(),
  update(value, tr) {
    if (!tr.docChanged && tr.effects.length === 0) return value;
    const next = new Map<number, Waiting>();
    for (const [id, { from, to }] of value) {
      const f = tr.changes.mapPos(from, 1);
      next.set(id, { from: f, to: Math.max(f, tr.changes.mapPos(to, -1)) });
    }
    for (const e of tr.effects) {
      if (e.is(addPending)) next.set(e.value.id, { from: e.value.from, to: e.value.to });
      else if (e.is(dropPending)) next.delete(e.value);
    }
    return next;
  },
});
let nextId = 0;

/**
 * Attaches `files` one after another and puts their Markdown in place of
 * `from..to` (each image on its own line when several); when none could be
 * attached the text stays as it was. A single image's alt text is then
 * selected, to be typed over. Resolves when all are done.
 */
export async function insertImages(
  view: Pick<EditorView, "state" | "dispatch" | "focus">,
  files: File[],
  range: Waiting,
  hooks: ImageHooks,
): Promise<void> {
  const draft = hooks.draft();
  if (!draft) return hooks.onError(new Error("Open a draft to add images to."));
  const id = ++nextId;
  view.dispatch({ effects: addPending.of({ id, ...range }) });
  const inserted: string[] = [];
  const saved: string[] = [];
  for (const file of files) {
    const shown = file.name ? `'${file.name}'` : "The pasted image";
    if (file.size > MAX_IMAGE_BYTES) {
      hooks.onError(
        new Error(
          `${shown} was not added: it is ${(file.size / 1e6).toFixed(1)} MB; images up to 50 MB are added.`,
        ),
      );
      continue;
    }
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const a = await hooks.attach(draft, file.name || null, bytes);
      inserted.push(a.markdown);
      saved.push(a.path);
    } catch (e) {
      hooks.onError(e);
    }
  }
  // Another draft was loaded meanwhile (a new state): say where they went.
  const place = view.state.field(imagePending, false)?.get(id);
  if (place === undefined) {
    if (saved.length)
      hooks.onError(
        new Error(
          `Another draft was opened before the images were linked; they were saved beside '${draft}': ${saved.join(", ")}.`,
        ),
      );
    return;
  }
  view.dispatch({ effects: dropPending.of(id) });
  if (inserted.length === 0) return;
  const at = place.from;
  const insert = inserted.join("\n");
  const alt = inserted.length === 1 ? altRange(insert) : null;
  view.dispatch({
    changes: { from: at, to: place.to, insert },
    selection: alt ? { anchor: at + alt[0], head: at + alt[1] } : { anchor: at + insert.length },
    scrollIntoView: true,
    userEvent: "input.paste",
  });
  view.focus();
}

/** Where the alt text lies in `![alt](path)` (paths never hold `](`). */
export function altRange(markdown: string): [number, number] | null {
  const end = markdown.lastIndexOf("](");
  return markdown.startsWith("![") && end >= 2 ? [2, end] : null;
}

/** Paste and drop of image files into the editor. */
export function imagePasteAndDrop(hooks: ImageHooks): Extension {
  return [
    imagePending,
    EditorView.domEventHandlers({
      paste(event, view) {
        // Text with a picture of it (a spreadsheet's cells, a word processor's
        // selection) pastes as text.
        if (event.clipboardData?.getData("text/plain")) return false;
        const files = imageFiles(event.clipboardData);
        if (files.length === 0) return false;
        event.preventDefault();
        const { from, to } = view.state.selection.main;
        void insertImages(view, files, { from, to }, hooks);
        return true;
      },
      drop(event, view) {
        const all = allFiles(event.dataTransfer);
        const files = all.filter(isImage);
        if (files.length === 0) return false;
        event.preventDefault();
        const others = all.filter((f) => !isImage(f)).map((f) => `'${f.name}'`);
        if (others.length)
          hooks.onError(
            new Error(
              `Only images are added to a draft; ${others.join(", ")} ${others.length > 1 ? "were" : "was"} left out.`,
            ),
          );
        const pos =
          view.posAtCoords({ x: event.clientX, y: event.clientY }) ??
          view.state.selection.main.head;
        void insertImages(view, files, { from: pos, to: pos }, hooks);
        return true;
      },
    }),
  ];
}
