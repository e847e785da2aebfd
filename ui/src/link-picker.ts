/**
 * Ctrl+K: a picker over the blog's posts and the other drafts (found by
 * the letters of their title, newest first); the one chosen is linked from
 * the editor with the link its engine expects.
 */
import { activateOption, find } from "./dom";
import type { LinkTarget } from "./ipc";

/**
 * How well `query` fits `text`: its letters in order (case and spaces
 * aside), more for letters in a row and at word starts; null when they are
 * not all there.
 */
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.toLocaleLowerCase().replace(/\s+/g, "");
  const t = text.toLocaleLowerCase();
  if (!q) return 0;
  let score = 0;
  let at = 0;
  let last = -2;
  for (const c of q) {
    const i = t.indexOf(c, at);
    if (i < 0) return null;
    score += 1;
    if (i === last + 1) score += 2;
    if (i === 0 || /[\s\-_/]/.test(t[i - 1])) score += 3;
    last = i;
    at = i + 1;
  }
  return score;
}

/** A target's file name without its folder and extension. */
const fileName = (path: string) => (path.split("/").pop() ?? path).replace(/\.[^.]*$/, "");

/**
 * The targets `query` finds by their title (or, failing that, their file
 * name), best first, then in the order given (newest first).
 */
export function pick(targets: readonly LinkTarget[], query: string, limit = 50): LinkTarget[] {
  return targets
    .map((t, i) => ({
      t,
      i,
      s: fuzzyScore(query, t.title) ?? fuzzyScore(query, fileName(t.path)),
    }))
    .filter((x): x is { t: LinkTarget; i: number; s: number } => x.s !== null)
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .slice(0, limit)
    .map((x) => x.t);
}

export interface LinkPickerHooks {
  targets(from: string): Promise<LinkTarget[]>;
  choose(target: LinkTarget): void;
  report(e: unknown): void;
}

export class LinkPicker {
  private all: LinkTarget[] = [];
  private shown: LinkTarget[] = [];
  private active = 0;
  private readonly dialog = find<HTMLDialogElement>('[data-testid="link-picker"]');
  private readonly input = find<HTMLInputElement>('[data-testid="link-input"]');
  private readonly list = find<HTMLUListElement>('[data-testid="link-results"]');
  private readonly status = find<HTMLElement>('[data-testid="link-status"]');

  constructor(private readonly hooks: LinkPickerHooks) {
    this.input.addEventListener("input", () => this.render());
    this.dialog.addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        const step = e.key === "ArrowDown" ? 1 : -1;
        this.activate(Math.max(0, Math.min(this.shown.length - 1, this.active + step)));
      } else if (e.key === "Enter") {
        e.preventDefault();
        const t = this.shown[this.active];
        if (t) this.take(t);
      } else if (e.key === "Escape") {
        // The search field would take Escape to clear itself.
        e.preventDefault();
        this.dialog.close();
      }
    });
    this.list.addEventListener("mousedown", (e) => e.preventDefault());
    this.list.addEventListener("click", (e) => {
      const li = (e.target as HTMLElement).closest<HTMLElement>("[data-index]");
      const t = li ? this.shown[Number(li.dataset.index)] : undefined;
      if (t) this.take(t);
    });
    find('[data-testid="link-close"]', this.dialog).addEventListener("click", () =>
      this.dialog.close(),
    );
  }

  /** Opens the picker for a link from the draft `from`. */
  async open(from: string): Promise<void> {
    this.input.value = "";
    this.all = [];
    this.status.textContent = "Reading the blog's posts…";
    this.list.replaceChildren();
    if (!this.dialog.open) this.dialog.showModal();
    this.input.focus();
    try {
      this.all = await this.hooks.targets(from);
    } catch (e) {
      this.dialog.close();
      this.hooks.report(e);
      return;
    }
    this.render();
  }

  private render(): void {
    this.shown = pick(this.all, this.input.value);
    this.active = 0;
    this.status.textContent = this.all.length
      ? `${this.shown.length} of ${this.all.length}`
      : "No posts or other drafts to link to.";
    this.list.replaceChildren(
      ...this.shown.map((t, i) => {
        const li = document.createElement("li");
        li.id = `link-result-${i}`;
        li.dataset.index = String(i);
        li.dataset.testid = "link-result";
        li.setAttribute("role", "option");
        const title = document.createElement("span");
        title.className = "link-title";
        title.textContent = t.title;
        const where = document.createElement("span");
        where.className = "link-where";
        where.textContent = [t.date, t.draft ? `draft ${t.path}` : t.path]
          .filter(Boolean)
          .join(" · ");
        li.append(title, where);
        return li;
      }),
    );
    this.activate(0);
  }

  private activate(i: number): void {
    this.active = i;
    activateOption(this.input, this.list, i);
  }

  private take(t: LinkTarget): void {
    this.dialog.close();
    this.hooks.choose(t);
  }
}
