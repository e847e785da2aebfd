/**
 * "Check against the site" (Ctrl+Shift+B): builds the open draft with the
 * blog's own engine in the background, with its progress and Cancel; then
 * marks the preview's blocks that differ and lists each difference with the
 * site's version of the block beside Blogdesk's. A missing engine or a
 * failing build is said in words, with the draft's line when the engine
 * names one.
 */

import { byTestid } from "./dom";
import type { SiteCheckStep, SiteDifference, SiteReport } from "./ipc";

export interface SiteCheckHooks {
  check(path: string, text: string, onStep: (s: SiteCheckStep) => void): Promise<SiteReport>;
  cancel(): Promise<void>;
  /** Saves the draft first: the build reads the file. */
  save(): Promise<void>;
  /** "Check again": checks the draft open now. */
  again(): void;
  /** Marks the preview's blocks at these draft lines. */
  mark(lines: ReadonlySet<number>): void;
  /** Shows draft line `line` in the editor and the preview. */
  goTo(line: number): void;
  /** The error's words for the writer. */
  message(e: unknown): string;
  /** The error's code, if it has one. */
  code(e: unknown): string | null;
}

const STEPS: Record<SiteCheckStep, string> = {
  copying: "Copying the site to the build folder…",
  building: "Building the post with the site's engine…",
  comparing: "Comparing the site's page with the preview…",
};

/** The one-line summary of a report. */
export function summary(r: SiteReport): string {
  const visible = r.differences.filter((d) => d.visible).length;
  const markup = r.differences.length - visible;
  const took = `${r.engine}, ${r.seconds.toFixed(1)} s`;
  switch (r.status) {
    case "identical":
      return `The site shows this post exactly as the preview does (${took}).`;
    case "different": {
      const parts: string[] = [];
      if (visible)
        parts.push(
          `${visible} ${visible === 1 ? "block a reader sees" : "blocks a reader sees"} differently`,
        );
      if (markup) parts.push(`${markup} in markup only`);
      return `The site differs from the preview: ${parts.join(", ")} (${took}).`;
    }
    case "failed":
      return `${r.engine || "The engine"} could not build the post${r.line ? ` (line ${r.line})` : ""}.`;
    case "missing":
      return "The site's engine is not installed.";
  }
}

export class SiteCheck {
  private running = false;
  private seq = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly hooks: SiteCheckHooks,
  ) {
    this.part("site-check-cancel").addEventListener("click", () => void this.cancel());
    this.part("site-check-close").addEventListener("click", () => this.close());
    this.part("site-check-again").addEventListener("click", () => this.hooks.again());
    root.addEventListener("keydown", (e) => {
      if (e.key !== "Escape") return;
      e.preventDefault();
      this.close();
    });
  }

  /** True once the backend has the check (Cancel must go there). */
  private asked = false;

  private part<T extends HTMLElement = HTMLElement>(id: string): T {
    return byTestid<T>(id, this.root);
  }

  get isRunning(): boolean {
    return this.running;
  }

  /**
   * Checks `path`, whose text in the editor is `text`, replacing any check
   * running. The result is dropped if the panel was closed or cancelled
   * meanwhile (the caller closes it when another draft opens).
   */
  async run(path: string, text: string): Promise<void> {
    const seq = ++this.seq;
    this.root.hidden = false;
    this.running = true;
    this.asked = false;
    this.hooks.mark(new Set());
    this.part("site-check-list").replaceChildren();
    this.part("site-check-markup").hidden = true;
    this.part("site-check-markup-list").replaceChildren();
    this.part("site-check-message").hidden = true;
    delete this.root.dataset.status;
    this.setBusy(true, STEPS.copying);
    try {
      await this.hooks.save();
      if (seq !== this.seq) return;
      this.asked = true;
      const report = await this.hooks.check(path, text, (s) => {
        if (seq === this.seq) this.setBusy(true, STEPS[s]);
      });
      if (seq !== this.seq) return;
      this.show(report);
    } catch (e) {
      if (seq !== this.seq) return;
      const code = this.hooks.code(e);
      this.setBusy(
        false,
        code === "verify_cancelled"
          ? "Cancelled: the site's build was stopped."
          : "The check could not run.",
      );
      if (code !== "verify_cancelled") this.say(this.hooks.message(e));
    } finally {
      if (seq === this.seq) this.running = false;
    }
  }

  async cancel(): Promise<void> {
    if (!this.running) return;
    if (!this.asked) {
      // Still saving: the build never starts.
      this.seq++;
      this.running = false;
      this.setBusy(false, "Cancelled.");
      return;
    }
    this.part("site-check-status").textContent = "Cancelling…";
    await this.hooks.cancel().catch(() => undefined);
  }

  /** Hides the panel and the marks (a check still running is cancelled). */
  close(): void {
    if (this.running) void this.cancel();
    this.seq++;
    this.running = false;
    this.root.hidden = true;
    this.hooks.mark(new Set());
  }

  private setBusy(busy: boolean, status: string): void {
    this.part("site-check-progress").hidden = !busy;
    this.part("site-check-cancel").hidden = !busy;
    this.part("site-check-again").hidden = busy;
    this.part("site-check-status").textContent = status;
    this.root.setAttribute("aria-busy", String(busy));
  }

  private say(message: string, line?: number | null): void {
    const m = this.part("site-check-message");
    m.hidden = false;
    m.replaceChildren();
    if (line) m.append(this.lineButton(line), " ");
    const pre = document.createElement("pre");
    pre.textContent = message;
    m.append(pre);
  }

  private show(r: SiteReport): void {
    this.setBusy(false, summary(r));
    this.root.dataset.status = r.status;
    if (r.message) this.say(r.message, r.line);
    const visible = r.differences.filter((d) => d.visible);
    const markup = r.differences.filter((d) => !d.visible);
    this.part("site-check-list").replaceChildren(...visible.map((d) => this.item(d)));
    this.part("site-check-markup").hidden = markup.length === 0;
    this.part("site-check-markup-count").textContent = String(markup.length);
    this.part("site-check-markup-list").replaceChildren(...markup.map((d) => this.item(d)));
    this.hooks.mark(new Set(visible.map((d) => d.line)));
  }

  private lineButton(line: number): HTMLButtonElement {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "site-check-line";
    b.textContent = `Line ${line}`;
    b.title = "Show this line in the editor and the preview";
    b.addEventListener("click", () => this.hooks.goTo(line));
    return b;
  }

  private item(d: SiteDifference): HTMLLIElement {
    const li = document.createElement("li");
    li.className = "site-difference";
    li.dataset.line = String(d.line);
    const words = document.createElement("p");
    words.className = "site-difference-words";
    const site = document.createElement("strong");
    site.textContent = d.site;
    const preview = document.createElement("strong");
    preview.textContent = d.preview;
    words.append(this.lineButton(d.line), " site shows ", site, " — preview shows ", preview);
    li.append(words, this.sideBySide(d));
    return li;
  }

  /** The site's block beside the preview's; both HTMLs were sanitized by the backend. */
  private sideBySide(d: SiteDifference): HTMLElement {
    const grid = document.createElement("div");
    grid.className = "site-difference-blocks";
    for (const [label, html] of [
      ["On the site", d.site_html],
      ["In the preview", d.preview_html],
    ] as const) {
      const col = document.createElement("figure");
      const cap = document.createElement("figcaption");
      cap.textContent = label;
      const body = document.createElement("div");
      body.className = "preview site-difference-html";
      if (html) body.innerHTML = html;
      else body.textContent = "(nothing)";
      col.append(cap, body);
      grid.append(col);
    }
    return grid;
  }
}
