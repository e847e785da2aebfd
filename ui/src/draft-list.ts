/** The draft list: titles, dates and modified times, a filter, a selection. */
import {
  keyTarget,
  matchesFilter,
  modifiedLabel,
  rowsInView,
  TYPE_AHEAD_MS,
  withChange,
} from "./draft-list-model";
import type { DraftSummary } from "./ipc";

export interface DraftListHooks {
  onOpen(path: string): void;
}

export class DraftList {
  private drafts: DraftSummary[] = [];
  /** The drafts the filter lets through, in display order. */
  private shown: DraftSummary[] = [];
  /** The type-ahead prefix and when its last letter was typed. */
  private typed = "";
  private typedAt = Number.NEGATIVE_INFINITY;
  private selected: string | null = null;
  /** The selected draft once it has been scrolled into view. */
  private scrolledTo: string | null = null;
  /** One row's height with its gap; 0 until a row has been measured. */
  private rowHeight = 0;
  private readonly rows = new Map<string, HTMLLIElement>();
  /** Stand in for the rows above and below those drawn (the list scrolls over them). */
  private readonly above = spacer();
  private readonly below = spacer();
  private frame = 0;
  private readonly list: HTMLUListElement;
  private readonly filter: HTMLInputElement;
  private readonly hooks: DraftListHooks;

  constructor(list: HTMLUListElement, filter: HTMLInputElement, hooks: DraftListHooks) {
    this.list = list;
    this.filter = filter;
    this.hooks = hooks;
    filter.addEventListener("input", () => this.refilter());
    list.addEventListener("click", (e) => {
      const item = (e.target as Element).closest<HTMLElement>("[data-path]");
      if (item?.dataset.path) hooks.onOpen(item.dataset.path);
    });
    list.addEventListener("keydown", (e) => this.onKey(e));
    list.addEventListener("scroll", () => this.drawSoon(), { passive: true });
    if (typeof ResizeObserver !== "undefined")
      new ResizeObserver(() => this.drawSoon()).observe(list);
    // For tests and benchmarks: every path the list shows, in order, in view or not.
    Object.defineProperty(list, "draftPaths", { value: () => this.shown.map((d) => d.path) });
    // …and the selected one's path, drawn or scrolled out of view.
    Object.defineProperty(list, "selectedPath", { get: () => this.selected });
  }

  set(drafts: DraftSummary[]): void {
    this.drafts = drafts;
    this.refilter();
  }

  /**
   * Applies a change on disk: `listed` drafts are new or changed, `removed`
   * paths left; the rest stay (newest first, as the backend lists them).
   */
  update(listed: readonly DraftSummary[], removed: readonly string[]): void {
    this.drafts = withChange(this.drafts, listed, removed);
    this.refilter();
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
    if (path !== null && this.scrolledTo !== path) {
      const i = this.shown.findIndex((d) => d.path === path);
      if (i >= 0) {
        this.reveal(i);
        this.scrolledTo = path;
      }
    }
    this.draw();
  }

  /** Scrolls the list as little as needed to show row `i`. */
  private reveal(i: number): void {
    if (this.rowHeight === 0) this.draw();
    const h = this.rowHeight;
    if (h === 0) return;
    const top = i * h;
    const view = this.list.clientHeight;
    if (top < this.list.scrollTop) this.list.scrollTop = top;
    else if (top + h > this.list.scrollTop + view) this.list.scrollTop = top + h - view;
  }

  private refilter(): void {
    const q = this.filter.value;
    this.shown = q.trim() ? this.drafts.filter((d) => matchesFilter(d, q)) : this.drafts;
    this.list.dataset.count = String(this.shown.length);
    this.draw();
  }

  private drawSoon(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /**
   * Draws the rows in view. A redraw after a change on disk keeps focus,
   * hover and element identity of the rows that stay.
   */
  private draw(): void {
    const items = this.shown;
    const [first, end] = rowsInView(
      items.length,
      this.rowHeight,
      this.list.scrollTop,
      this.list.clientHeight,
    );
    const now = Date.now();
    const lis: HTMLLIElement[] = [this.above];
    const keep = new Set<string>();
    for (let i = first; i < end; i++) {
      const d = items[i];
      let li = this.rows.get(d.path);
      if (!li) {
        li = newItem(d.path);
        this.rows.set(d.path, li);
      }
      const [title, meta] = li.children as unknown as [HTMLElement, HTMLElement];
      const metaText = [d.date, `edited ${modifiedLabel(d.modified_ms, now)}`]
        .filter(Boolean)
        .join(" · ");
      if (title.textContent !== d.title) title.textContent = d.title;
      if (meta.textContent !== metaText) meta.textContent = metaText;
      const on = d.path === this.selected;
      if (li.classList.contains("selected") !== on) {
        li.classList.toggle("selected", on);
        li.setAttribute("aria-selected", String(on));
      }
      li.setAttribute("aria-posinset", String(i + 1));
      li.setAttribute("aria-setsize", String(items.length));
      keep.add(d.path);
      lis.push(li);
    }
    for (const [path, li] of this.rows) {
      if (!keep.has(path)) {
        li.remove();
        this.rows.delete(path);
      }
    }
    lis.push(this.below);
    if (items.length === 0) {
      const li = document.createElement("li");
      li.className = "draft-none";
      li.textContent =
        this.drafts.length === 0
          ? "No drafts yet. Create one with New."
          : "No draft matches the filter.";
      lis.push(li);
    }
    // Move only what is out of place: an edited draft going to the top is
    // one move, not every row put back.
    const children = this.list.children;
    lis.forEach((li, i) => {
      if (children[i] !== li) this.list.insertBefore(li, children[i] ?? null);
    });
    while (children.length > lis.length) children[lis.length].remove();
    if (this.rowHeight === 0 && end > first) {
      const row = lis[1];
      const style = getComputedStyle(row);
      this.rowHeight =
        row.offsetHeight +
        parseFloat(style.marginTop || "0") +
        parseFloat(style.marginBottom || "0");
      if (this.rowHeight > 0) {
        this.draw();
        return;
      }
    }
    const h = this.rowHeight;
    this.above.style.height = `${first * h}px`;
    this.below.style.height = `${(items.length - end) * h}px`;
  }

  private onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const now = e.timeStamp;
    // A space only continues a prefix (“three d…”).
    const going = now - this.typedAt < TYPE_AHEAD_MS && this.typed !== "";
    const typing = e.key.length === 1 && (e.key !== " " || going);
    if (typing) {
      this.typed = going ? this.typed + e.key : e.key;
      this.typedAt = now;
    }
    const i = this.selected ? this.shown.findIndex((d) => d.path === this.selected) : -1;
    const to = keyTarget(this.shown, i, e.key, typing ? this.typed : "");
    if (to === null) return;
    e.preventDefault();
    const next = this.shown[to];
    if (!next || to === i) return;
    // The row is selected at once, so the next key moves on from it while
    // the draft is still being opened (it goes back if that fails).
    this.select(next.path);
    this.hooks.onOpen(next.path);
  }
}

function spacer(): HTMLLIElement {
  const li = document.createElement("li");
  li.className = "draft-spacer";
  li.setAttribute("role", "presentation");
  li.setAttribute("aria-hidden", "true");
  return li;
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
