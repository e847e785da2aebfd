/** The draft list: titles, dates and modified times, a filter, a selection. */
import type { DraftSummary } from "./ipc";

export interface DraftListHooks {
  onOpen(path: string): void;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Relative time for recent changes, a date for older ones. */
export function modifiedLabel(ms: number, now = Date.now()): string {
  const s = Math.round((now - ms) / 1000);
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return timeFormat.format(new Date(ms));
}

/** True when every word of `query` is in the title, path or date. */
export function matchesFilter(d: DraftSummary, query: string): boolean {
  const hay = `${d.title} ${d.path} ${d.date ?? ""}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

export class DraftList {
  private drafts: DraftSummary[] = [];
  private selected: string | null = null;
  /** The selected draft once it has been scrolled into view. */
  private scrolledTo: string | null = null;
  private readonly list: HTMLUListElement;
  private readonly filter: HTMLInputElement;
  private readonly hooks: DraftListHooks;

  constructor(list: HTMLUListElement, filter: HTMLInputElement, hooks: DraftListHooks) {
    this.list = list;
    this.filter = filter;
    this.hooks = hooks;
    filter.addEventListener("input", () => this.draw());
    list.addEventListener("click", (e) => {
      const item = (e.target as Element).closest<HTMLElement>("[data-path]");
      if (item?.dataset.path) hooks.onOpen(item.dataset.path);
    });
    list.addEventListener("keydown", (e) => this.onKey(e));
  }

  set(drafts: DraftSummary[]): void {
    this.drafts = drafts;
    this.draw();
  }

  get all(): readonly DraftSummary[] {
    return this.drafts;
  }

  /**
   * Marks `path` as the open draft. The list scrolls to it once, when it is
   * first selected and listed: a redraw (a change on disk, a save) never moves the
   * list the writer is scrolling through.
   */
  select(path: string | null): void {
    this.selected = path;
    if (path === null) this.scrolledTo = null;
    for (const li of this.list.querySelectorAll<HTMLElement>("[data-path]")) {
      const on = li.dataset.path === path;
      li.classList.toggle("selected", on);
      li.setAttribute("aria-selected", String(on));
      if (on && this.scrolledTo !== path) {
        li.scrollIntoView({ block: "nearest" });
        this.scrolledTo = path;
      }
    }
  }

  /**
   * Draws the filtered drafts. Items are keyed by path and reused, so a
   * redraw after a change on disk keeps focus, hover and element identity.
   */
  private draw(): void {
    const q = this.filter.value;
    const items = this.drafts.filter((d) => matchesFilter(d, q));
    const now = Date.now();
    const old = new Map<string, HTMLLIElement>();
    for (const li of this.list.querySelectorAll<HTMLLIElement>("li[data-path]")) old.set(li.dataset.path!, li);
    const lis: HTMLLIElement[] = items.map((d) => {
      const li = old.get(d.path) ?? newItem(d.path);
      const [title, meta] = li.children as unknown as [HTMLElement, HTMLElement];
      const metaText = [d.date, `edited ${modifiedLabel(d.modified_ms, now)}`].filter(Boolean).join(" · ");
      if (title.textContent !== d.title) title.textContent = d.title;
      if (meta.textContent !== metaText) meta.textContent = metaText;
      return li;
    });
    if (items.length === 0) {
      const li = document.createElement("li");
      li.className = "draft-none";
      li.textContent = this.drafts.length === 0 ? "No drafts yet. Create one with New." : "No draft matches the filter.";
      lis.push(li);
    }
    // Move only what is out of place: an edited draft going to the top of
    // 10,000 is one move, not the whole list put back.
    const children = this.list.children;
    lis.forEach((li, i) => {
      if (children[i] !== li) this.list.insertBefore(li, children[i] ?? null);
    });
    while (children.length > lis.length) children[lis.length].remove();
    this.select(this.selected);
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    e.preventDefault();
    const paths = [...this.list.querySelectorAll<HTMLElement>("[data-path]")].map((li) => li.dataset.path!);
    const i = this.selected ? paths.indexOf(this.selected) : -1;
    const next = paths[Math.max(0, Math.min(paths.length - 1, i + (e.key === "ArrowDown" ? 1 : -1)))];
    if (next) this.hooks.onOpen(next);
  }
}

function newItem(path: string): HTMLLIElement {
  const li = document.createElement("li");
  li.dataset.testid = "draft-item";
  li.dataset.path = path;
  li.setAttribute("role", "option");
  li.title = path;
  const title = document.createElement("div");
  title.className = "draft-title";
  const meta = document.createElement("div");
  meta.className = "draft-meta";
  li.append(title, meta);
  return li;
}
