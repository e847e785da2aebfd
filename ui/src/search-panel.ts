/**
 * Search across all drafts (Ctrl+Shift+F): a dialog that searches as the
 * writer types (the backend keeps the texts, so each search reads only what
 * changed), lists the drafts best first with the matching line, and opens
 * the chosen one at that line. Arrow keys move through the results.
 */
import { byTestid } from "./dom";
import type { SearchHit } from "./ipc";

export interface SearchHooks {
  search(query: string): Promise<SearchHit[]>;
  /** Opens `path` with line `line` (0: the top) in view. */
  open(path: string, line: number): void;
}

/** `text` with each occurrence of the query's words marked (case-insensitive). */
export function markWords(text: string, words: readonly string[]): (string | { mark: string })[] {
  const wanted = words.map((w) => w.toLowerCase()).filter((w) => w.length > 0);
  if (wanted.length === 0) return [text];
  const lower = text.toLowerCase();
  const out: (string | { mark: string })[] = [];
  let at = 0;
  while (at < text.length) {
    let best = -1;
    let len = 0;
    for (const w of wanted) {
      const i = lower.indexOf(w, at);
      if (i >= 0 && (best < 0 || i < best || (i === best && w.length > len))) {
        best = i;
        len = w.length;
      }
    }
    // Lower-casing may change lengths (rare letters): then nothing is marked.
    if (best < 0 || lower.length !== text.length) {
      out.push(text.slice(at));
      break;
    }
    if (best > at) out.push(text.slice(at, best));
    out.push({ mark: text.slice(best, best + len) });
    at = best + len;
  }
  return out;
}

export class SearchPanel {
  private seq = 0;
  private timer: number | undefined;
  private hits: SearchHit[] = [];

  /** The panel of the page's `search` dialog. */
  static inPage(hooks: SearchHooks): SearchPanel {
    const $ = byTestid;
    return new SearchPanel(
      $<HTMLDialogElement>("search"),
      $<HTMLInputElement>("search-input"),
      $("search-summary"),
      $("search-results"),
      hooks,
    );
  }

  constructor(
    private readonly dialog: HTMLDialogElement,
    private readonly input: HTMLInputElement,
    private readonly summary: HTMLElement,
    private readonly results: HTMLElement,
    private readonly hooks: SearchHooks,
  ) {
    input.addEventListener("input", () => {
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(() => void this.run(), 80);
    });
    input.addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown") {
        e.preventDefault();
        this.buttons()[0]?.focus();
      } else if (e.key === "Enter") {
        e.preventDefault();
        if (this.hits[0]) this.choose(this.hits[0]);
      }
    });
    // A search field takes Escape to clear itself, so the dialog never
    // hears it: Escape closes the panel from anywhere in it.
    dialog.addEventListener("keydown", (e) => {
      if (e.key !== "Escape") return;
      e.preventDefault();
      this.close();
    });
    results.addEventListener("keydown", (e) => {
      const buttons = this.buttons();
      const k = buttons.indexOf(document.activeElement as HTMLButtonElement);
      if (e.key === "ArrowDown" && k < buttons.length - 1) buttons[k + 1].focus();
      else if (e.key === "ArrowUp") (k > 0 ? buttons[k - 1] : this.input).focus();
      else return;
      e.preventDefault();
    });
  }

  /** Opens the dialog with the last query selected. */
  show(): void {
    if (!this.dialog.open) this.dialog.showModal();
    this.input.focus();
    this.input.select();
  }

  close(): void {
    this.dialog.close();
  }

  private buttons(): HTMLButtonElement[] {
    return [...this.results.querySelectorAll("button")];
  }

  private async run(): Promise<void> {
    const query = this.input.value;
    const seq = ++this.seq;
    if (query.trim() === "") {
      this.hits = [];
      this.results.replaceChildren();
      this.summary.textContent = "";
      return;
    }
    let hits: SearchHit[];
    try {
      hits = await this.hooks.search(query);
    } catch (e) {
      if (seq === this.seq)
        this.summary.textContent = `The search failed: ${(e as { message?: string })?.message ?? String(e)}`;
      return;
    }
    if (seq !== this.seq) return;
    this.hits = hits;
    const words = query.split(/\s+/);
    this.summary.textContent =
      hits.length === 0
        ? "No draft contains all of these words."
        : `${hits.length}${hits.length >= 100 ? "+" : ""} draft${hits.length === 1 ? "" : "s"}`;
    this.results.replaceChildren(
      ...hits.map((h) => {
        const li = document.createElement("li");
        const b = document.createElement("button");
        b.type = "button";
        b.dataset.testid = "search-hit";
        b.dataset.path = h.path;
        const title = document.createElement("span");
        title.className = "hit-title";
        title.append(...nodes(markWords(h.title, words)));
        const where = document.createElement("span");
        where.className = "hit-where";
        where.textContent = h.line > 0 ? `${h.path}:${h.line}` : h.path;
        const snippet = document.createElement("span");
        snippet.className = "hit-snippet";
        snippet.append(...nodes(markWords(h.snippet, words)));
        b.append(title, where, snippet);
        b.addEventListener("click", () => this.choose(h));
        li.append(b);
        return li;
      }),
    );
  }

  private choose(h: SearchHit): void {
    this.close();
    this.hooks.open(h.path, h.line);
  }
}

function nodes(parts: (string | { mark: string })[]): Node[] {
  return parts.map((p) => {
    if (typeof p === "string") return document.createTextNode(p);
    const m = document.createElement("mark");
    m.textContent = p.mark;
    return m;
  });
}
