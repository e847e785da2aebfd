/**
 * The live preview: asks Rust for the preview of the current text as soon as
 * it changes (at most one request in flight, the newest text always rendered
 * last) and applies the answer block by block: only the top-level blocks
 * that changed are replaced, so the rest of the preview (its layout, images,
 * scroll position) stays. Links never navigate the window.
 */
import * as ipc from "./ipc";
import type { PreviewUpdate, PreviewBlock } from "./ipc";

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

/**
 * The preview's blocks beside their DOM nodes: the version shown, one item
 * and one source line per block. Kept apart from the DOM so it can be tested.
 */
export class Blocks<T> {
  version: number | null = null;
  items: T[] = [];
  lines: number[] = [];

  /**
   * Applies `u` (which must be based on `version`, or on nothing): `make`
   * builds new items, `put` places them before an item (null: at the end),
   * `drop` removes old ones; `clear` empties everything first when `u` is
   * not based on anything. Returns false, changing nothing, when `u` is
   * based on another version.
   */
  apply(
    u: PreviewUpdate,
    make: (b: PreviewBlock) => T,
    put: (items: T[], before: T | null) => void,
    drop: (items: T[]) => void,
    clear: () => void,
  ): boolean {
    if (u.base === null) {
      clear();
      this.items = [];
      this.lines = [];
    } else if (u.base !== this.version) {
      return false;
    }
    const end = this.items.length - u.tail;
    const added = u.blocks.map(make);
    const removed = this.items.splice(u.head, end - u.head, ...added);
    drop(removed);
    put(added, this.items[u.head + added.length] ?? null);
    this.lines.splice(u.head, end - u.head, ...u.blocks.map((b) => b.line));
    this.lines.splice(u.lines_from, this.lines.length - u.lines_from, ...u.lines);
    this.version = u.version;
    return true;
  }

  /** Forgets everything: the next update must replace the whole preview. */
  reset(): void {
    this.version = null;
    this.items = [];
    this.lines = [];
  }
}

export class Preview {
  private readonly el: HTMLElement;
  private timer: number | undefined;
  private inFlight = false;
  private pending: { path: string; text: string } | null = null;
  /** Bumped by clear(): answers to requests sent before are dropped. */
  private generation = 0;
  private hidden = false;
  /** The draft and text last asked for while hidden, rendered when shown again. */
  private latest: { path: string; text: () => string } | null = null;
  readonly blocks = new Blocks<HTMLElement>();

  constructor(el: HTMLElement) {
    this.el = el;
    el.addEventListener("click", (e) => this.onClick(e));
  }

  /**
   * Renders the text without blocking the caller: right away (coalesced
   * while a render is in flight), or after a 1.5 s pause for a text of
   * `length` over [LONG_TEXT] characters.
   */
  schedule(path: string, text: () => string, length: number): void {
    window.clearTimeout(this.timer);
    this.latest = { path, text };
    if (this.hidden) return;
    this.setLong(length);
    if (length > LONG_TEXT) {
      this.timer = window.setTimeout(() => this.request({ path, text: previewPart(text()) }), LONG_DEBOUNCE_MS);
    } else if (this.inFlight) {
      // Read the text when the render in flight is back: typing meanwhile
      // costs nothing here.
      this.pending = { path, get text() { return text(); } };
    } else {
      void this.request({ path, text: text() });
    }
  }

  /** Renders `text` now (e.g. when a draft is opened). */
  now(path: string, text: string): void {
    window.clearTimeout(this.timer);
    this.latest = { path, text: () => text };
    if (this.hidden) return;
    this.setLong(text.length);
    void this.request({ path, text: previewPart(text) });
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
    if (hidden) {
      window.clearTimeout(this.timer);
      this.pending = null;
    } else if (this.latest) {
      this.now(this.latest.path, this.latest.text());
    }
  }

  clear(): void {
    window.clearTimeout(this.timer);
    this.latest = null;
    this.setLong(0);
    this.pending = null;
    this.generation++;
    this.blocks.reset();
    this.el.replaceChildren();
  }

  private async request(job: { path: string; text: string }): Promise<void> {
    if (this.inFlight) {
      this.pending = job;
      return;
    }
    this.inFlight = true;
    const generation = this.generation;
    try {
      const update = await ipc.renderPreview(job.path, job.text, this.blocks.version);
      if (generation === this.generation && !this.show(update)) {
        // Out of step with the backend: ask for the whole preview again.
        this.blocks.reset();
        this.pending ??= job;
      }
    } catch (e) {
      this.blocks.reset();
      this.el.textContent = `The preview could not be rendered: ${ipc.errorMessage(e)}`;
    } finally {
      this.inFlight = false;
      const next = this.pending;
      this.pending = null;
      if (next) void this.request({ path: next.path, text: next.text });
    }
  }

  /** Applies an update; the HTML was sanitized by the backend (and the CSP forbids inline scripts). */
  private show(u: PreviewUpdate): boolean {
    const pane = this.el.parentElement;
    const scroll = pane?.scrollTop ?? 0;
    const applied = this.blocks.apply(
      u,
      (b) => {
        const div = document.createElement("div");
        div.className = "md-block";
        div.innerHTML = b.html;
        return div;
      },
      (items, before) => {
        if (items.length === 0) return;
        if (items.length === 1) this.el.insertBefore(items[0], before);
        else {
          const frag = document.createDocumentFragment();
          frag.append(...items);
          this.el.insertBefore(frag, before);
        }
      },
      (items) => items.forEach((i) => i.remove()),
      () => this.el.replaceChildren(),
    );
    if (pane && u.base === null) pane.scrollTop = scroll;
    return applied;
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
      target?.scrollIntoView({ block: "start" });
    } else if (/^(https?:|mailto:)/i.test(href)) {
      ipc.openLink(href).catch(() => undefined);
    }
  }
}
