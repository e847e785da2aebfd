/**
 * The live preview: asks Rust for the HTML of the current text, at most one
 * request in flight, the newest text always rendered last. Links never
 * navigate the window.
 */
import * as ipc from "./ipc";

const DEBOUNCE_MS = 15;
/** Put before every id in the preview HTML by the backend's sanitizer. */
const ID_PREFIX = "user-content-";
/**
 * Texts longer than this are previewed after a pause in typing, and only up
 * to about this length (cut at a paragraph break); the preview says so.
 */
export const LONG_TEXT = 1_000_000;
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
  private pending: { path: string; text: string } | null = null;

  constructor(el: HTMLElement) {
    this.el = el;
    el.addEventListener("click", (e) => this.onClick(e));
  }

  /**
   * Renders the text soon, without blocking the caller: 15 ms after the last
   * change, or 1.5 s for a text of `length` over [LONG_TEXT] characters.
   */
  schedule(path: string, text: () => string, length: number): void {
    window.clearTimeout(this.timer);
    this.setLong(length);
    const wait = length > LONG_TEXT ? LONG_DEBOUNCE_MS : DEBOUNCE_MS;
    this.timer = window.setTimeout(() => this.request({ path, text: previewPart(text()) }), wait);
  }

  /** Renders `text` now (e.g. when a draft is opened). */
  now(path: string, text: string): void {
    window.clearTimeout(this.timer);
    this.setLong(text.length);
    this.request({ path, text: previewPart(text) });
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

  clear(): void {
    window.clearTimeout(this.timer);
    this.setLong(0);
    this.pending = null;
    this.el.replaceChildren();
  }

  private async request(job: { path: string; text: string }): Promise<void> {
    if (this.inFlight) {
      this.pending = job;
      return;
    }
    this.inFlight = true;
    try {
      const html = await ipc.renderPreview(job.path, job.text);
      if (!this.pending) this.show(html);
    } catch (e) {
      this.el.textContent = `The preview could not be rendered: ${ipc.errorMessage(e)}`;
    } finally {
      this.inFlight = false;
      const next = this.pending;
      this.pending = null;
      if (next) void this.request(next);
    }
  }

  private show(html: string): void {
    const scroll = this.el.parentElement?.scrollTop ?? 0;
    // The HTML was sanitized by the backend; the CSP forbids inline scripts too.
    this.el.innerHTML = html;
    if (this.el.parentElement) this.el.parentElement.scrollTop = scroll;
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
