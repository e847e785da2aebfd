/**
 * The live preview: asks Rust for the preview of the current text as soon as
 * it changes (at most one request in flight, the newest text always rendered
 * last) and applies the answer block by block: only the top-level blocks
 * that changed are replaced, so the rest of the preview (its layout, images,
 * scroll position) stays. Links never navigate the window.
 */
import { ChangeSet, type Text } from "@codemirror/state";
import { Highlighter } from "./highlight";
import type { PreviewBlock, PreviewUpdate } from "./ipc";
import * as ipc from "./ipc";
import { Blocks, changeList, type Edit } from "./preview-blocks";
import { blocksOf, chunkedHtml, dropFromChunk, putInChunks } from "./preview-chunks";
import { reveal } from "./scroll-sync";

/** Put before every id in the preview HTML by the backend's sanitizer. */
const ID_PREFIX = "user-content-";
/**
 * Texts longer than this are previewed after a pause in typing, and only up
 * to about this length (cut at a paragraph break); the preview says so.
 */
export const LONG_TEXT = 2_000_000;
const LONG_DEBOUNCE_MS = 1500;

/** The start of a long text that the preview shows: whole paragraphs up to LONG_TEXT. */
export function previewPart(text: string): string {
  if (text.length <= LONG_TEXT) return text;
  const cut = text.lastIndexOf("\n\n", LONG_TEXT);
  return text.slice(0, cut > 0 ? cut + 1 : LONG_TEXT);
}

export class Preview {
  private readonly el: HTMLElement;
  private timer: number | undefined;
  private inFlight = false;
  /** A render is wanted when the one in flight is back. */
  private queued = false;
  /** Bumped by clear(): answers to requests sent before are dropped. */
  private generation = 0;
  private hidden = false;
  /** The draft and its latest text. */
  private latest: { path: string; doc: Text } | null = null;
  /**
   * The text of the last request (what the backend renders or rendered as
   * the version the window shows) and the changes from it to `latest`;
   * null when unknown: the next request sends the whole text.
   */
  private sent: { path: string; doc: Text; changes: ChangeSet } | null = null;
  readonly blocks = new Blocks<HTMLElement>();
  private readonly highlighter: Highlighter;

  constructor(el: HTMLElement) {
    this.el = el;
    this.highlighter = new Highlighter(el.closest<HTMLElement>(".preview-pane") ?? el);
    el.addEventListener("click", (e) => this.onClick(e));
  }

  /**
   * Renders the draft's new text `doc` without blocking the caller: right
   * away (coalesced while a render is in flight), or after a 1.5 s pause for
   * a text over [LONG_TEXT] characters. With `edit` (how `doc` came from the
   * text before), only the changes cross to the backend.
   */
  schedule(path: string, doc: Text, edit?: Edit): void {
    window.clearTimeout(this.timer);
    if (this.sent && edit && this.sent.path === path && this.latest?.doc === edit.from) {
      this.sent.changes = this.sent.changes.compose(edit.changes);
    } else {
      this.sent = null;
    }
    this.latest = { path, doc };
    if (this.hidden) return;
    this.setLong(doc.length);
    if (doc.length > LONG_TEXT) {
      this.timer = window.setTimeout(() => void this.request(), LONG_DEBOUNCE_MS);
    } else {
      void this.request();
    }
  }

  /** Renders the draft's text `doc` now, whole (e.g. when a draft is opened). */
  now(path: string, doc: Text): void {
    window.clearTimeout(this.timer);
    this.latest = { path, doc };
    this.sent = null;
    if (this.hidden) return;
    this.setLong(doc.length);
    void this.request();
  }

  /** Says above the preview when it is throttled for a long draft. */
  private setLong(length: number): void {
    const note = document.querySelector<HTMLElement>('[data-testid="preview-note"]');
    if (!note) return;
    note.hidden = length <= LONG_TEXT;
    note.textContent = note.hidden
      ? ""
      : `Long draft (${(length / 1_000_000).toFixed(1)} million characters): the preview shows its first ${LONG_TEXT / 1_000_000} million characters and updates when you pause typing.`;
  }

  /**
   * Hides or shows the preview. Hidden, it asks for nothing (typing costs no
   * rendering); shown again, it renders the latest text.
   */
  setHidden(hidden: boolean): void {
    this.hidden = hidden;
    window.clearTimeout(this.timer);
    if (hidden) this.queued = false;
    else if (this.latest) {
      this.setLong(this.latest.doc.length);
      void this.request();
    }
  }

  clear(): void {
    window.clearTimeout(this.timer);
    this.latest = null;
    this.sent = null;
    this.setLong(0);
    this.queued = false;
    this.generation++;
    this.blocks.reset();
    this.el.replaceChildren();
  }

  /** Asks for the preview of the latest text; one request at a time. */
  private async request(): Promise<void> {
    if (this.inFlight) {
      this.queued = true;
      return;
    }
    const job = this.latest;
    if (!job || this.hidden) return;
    this.inFlight = true;
    const generation = this.generation;
    const long = job.doc.length > LONG_TEXT;
    const source: ipc.PreviewSource =
      !long && this.sent?.path === job.path && this.blocks.version !== null
        ? { changes: changeList(this.sent.changes) }
        : { text: long ? previewPart(job.doc.toString()) : job.doc.toString() };
    this.sent = long
      ? null
      : { path: job.path, doc: job.doc, changes: ChangeSet.empty(job.doc.length) };
    try {
      const update = await ipc.renderPreview(job.path, source, this.blocks.version);
      if (generation === this.generation && !this.show(update)) {
        // Out of step with the backend: ask for the whole preview again.
        this.outOfStep();
      }
    } catch (e) {
      if (generation !== this.generation) return;
      if (ipc.isIpcError(e) && e.code === "preview_out_of_step") this.outOfStep();
      else {
        this.blocks.reset();
        this.sent = null;
        this.el.textContent = `The preview could not be rendered: ${ipc.errorMessage(e)}`;
      }
    } finally {
      this.inFlight = false;
      if (this.queued) {
        this.queued = false;
        void this.request();
      }
    }
  }

  /** Forgets what the backend has; the next request sends everything. */
  private outOfStep(): void {
    this.blocks.reset();
    this.sent = null;
    this.queued = true;
  }

  /** Applies an update; the HTML was sanitized by the backend (and the CSP forbids inline scripts). */
  private show(u: PreviewUpdate): boolean {
    const pane = this.el.parentElement;
    // Read only when everything is replaced: reading it forces a layout.
    const scroll = u.base === null ? (pane?.scrollTop ?? 0) : 0;
    const whole = u.base === null ? this.parseWhole(u.blocks) : null;
    if (whole) {
      // Already in the DOM: the update only records them.
      let i = 0;
      const applied = this.blocks.apply(
        u,
        () => whole[i++],
        () => {},
        () => {},
        () => {},
      );
      for (const div of whole) this.highlighter.added(div);
      if (pane) pane.scrollTop = scroll;
      return applied;
    }
    const applied = this.blocks.apply(
      u,
      (b) => {
        const div = document.createElement("div");
        div.className = "md-block";
        div.innerHTML = b.html;
        this.highlighter.added(div);
        return div;
      },
      (items, before) => putInChunks(this.el, items, before),
      (items) =>
        items.forEach((i) => {
          this.highlighter.removed(i);
          dropFromChunk(i);
        }),
      () => {
        this.highlighter.clear();
        this.el.replaceChildren();
      },
    );
    if (pane && u.base === null) pane.scrollTop = scroll;
    return applied;
  }

  /**
   * Replaces the whole preview with `blocks` in one HTML parse (a parse per
   * block costs several times more in a long post) and returns their nodes,
   * or null, changing nothing, when the parse did not give one node per
   * block (each block's HTML is balanced, so it should).
   */
  private parseWhole(blocks: PreviewBlock[]): HTMLElement[] | null {
    if (blocks.length < 2) return null;
    const holder = document.createElement("div");
    holder.innerHTML = chunkedHtml(blocks.map((b) => b.html));
    const chunks = [...holder.children] as HTMLElement[];
    const made = blocksOf(chunks, blocks.length);
    if (!made) return null;
    this.highlighter.clear();
    this.el.replaceChildren(...chunks);
    return made;
  }

  /**
   * Marks the blocks whose source starts on one of `lines` as differing
   * from the site (and unmarks the rest). Blocks replaced later lose the
   * mark with their node. Returns the marked blocks.
   */
  markSiteDifferences(lines: ReadonlySet<number>): HTMLElement[] {
    const at = new Set([...lines].map((l) => this.blockAt(l)));
    const marked: HTMLElement[] = [];
    this.blocks.items.forEach((item, i) => {
      const on = at.has(i);
      item.classList.toggle("site-differs", on);
      if (on) marked.push(item);
    });
    return marked;
  }

  /** Brings the block that holds draft line `line` into view. */
  showLine(line: number): void {
    const block = this.blocks.items[this.blockAt(line)];
    if (block) reveal(block, "center");
  }

  /** The index of the last block starting at or before `line` (-1: none). */
  private blockAt(line: number): number {
    let found = -1;
    this.blocks.lines.forEach((start, i) => {
      if (start <= line && (found < 0 || start >= this.blocks.lines[found])) found = i;
    });
    return found;
  }

  private onClick(e: MouseEvent): void {
    const a = (e.target as Element | null)?.closest("a");
    if (!a) return;
    e.preventDefault();
    const href = a.getAttribute("href") ?? "";
    if (href.startsWith("#")) {
      // The backend prefixes every id in the preview (see sanitize.rs).
      const id = ID_PREFIX + decodeURIComponent(href.slice(1));
      const target = [...this.el.querySelectorAll("[id]")].find((e) => e.id === id);
      if (target) reveal(target, "start");
    } else if (/^(https?:|mailto:)/i.test(href)) {
      ipc.openLink(href).catch(() => undefined);
    }
  }
}
