/**
 * Suggestions under a category or tag chip input: the blog's own terms
 * (and the drafts'), best matches first, each with how many posts use it;
 * what the blog has never used is marked "new". A combobox: arrows move,
 * Enter or a click takes a term, Escape closes.
 */
import { activateOption } from "./dom";
import type { Term, Terms } from "./ipc";

/** The spelling a match ignores: case, `-`, `_` and spaces. */
const fold = (s: string) => s.toLocaleLowerCase().replace(/[-_\s]/g, "");

/**
 * The terms that match `typed`, best first: those starting with it, then
 * (from two characters on) those containing it, each most used first; at
 * most `limit`; none already in `taken`.
 */
export function matchTerms(
  terms: readonly Term[],
  typed: string,
  taken: readonly string[],
  limit = 8,
): Term[] {
  const want = fold(typed);
  const free = terms.filter((t) => !taken.includes(t.term));
  if (!want) return free.slice(0, limit);
  const starts = free.filter((t) => fold(t.term).startsWith(want));
  const inside =
    want.length < 2
      ? []
      : free.filter((t) => !fold(t.term).startsWith(want) && fold(t.term).includes(want));
  const uses = (t: Term) => t.posts + t.drafts;
  const byUse = (a: Term, b: Term) => uses(b) - uses(a) || a.term.localeCompare(b.term);
  return [...starts.sort(byUse), ...inside.sort(byUse)].slice(0, limit);
}

/** "212 posts", "1 draft", "3 posts, 1 draft". */
export function usesLabel(t: Term): string {
  const part = (n: number, one: string) => (n ? `${n} ${one}${n === 1 ? "" : "s"}` : "");
  return [part(t.posts, "post"), part(t.drafts, "draft")].filter(Boolean).join(", ");
}

export class TermSuggest {
  private terms: Term[] | null = null;
  private shown: { term: string; fresh: boolean }[] = [];
  private active = -1;
  private readonly list: HTMLUListElement;

  constructor(
    private readonly input: HTMLInputElement,
    /** The taxonomy's name (`tags`, `categories`). */
    private readonly taxonomy: string,
    private readonly source: () => Promise<Terms[]>,
    /** The terms the draft has already. */
    private readonly taken: () => readonly string[],
    private readonly choose: (term: string) => void,
    /** The terms arrived (chips may mark the new ones). */
    private readonly loaded: () => void,
  ) {
    this.list = document.createElement("ul");
    this.list.className = "term-suggestions";
    this.list.id = `${input.dataset.testid}-suggestions`;
    this.list.dataset.testid = this.list.id;
    this.list.setAttribute("role", "listbox");
    this.list.setAttribute("aria-label", `Known ${taxonomy}`);
    this.list.hidden = true;
    input.closest(".fm-row, label, div")?.append(this.list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.list.id);
    input.addEventListener("focus", () => void this.load().then(() => this.update()));
    input.addEventListener("input", () => this.update());
    input.addEventListener("blur", () => this.close());
    // Before the chip input's own keys: Enter takes the active suggestion.
    input.addEventListener("keydown", (e) => this.key(e), { capture: true });
    // A click must not blur the input first (that would add what is typed).
    this.list.addEventListener("mousedown", (e) => e.preventDefault());
    this.list.addEventListener("click", (e) => {
      const li = (e.target as HTMLElement).closest<HTMLElement>("[data-term]");
      if (li?.dataset.term) this.take(li.dataset.term);
    });
  }

  /** True when the blog's posts have never used `term` (null: not known yet). */
  isNew(term: string): boolean | null {
    if (!this.terms) return null;
    return !this.terms.some((t) => t.term === term && t.posts > 0);
  }

  private async load(): Promise<void> {
    try {
      const all = await this.source();
      this.terms = all.find((t) => t.taxonomy === this.taxonomy)?.terms ?? [];
      this.loaded();
    } catch {
      // No suggestions; typing still adds terms.
      this.terms ??= [];
    }
  }

  private update(): void {
    if (!this.terms || document.activeElement !== this.input) return;
    const typed = this.input.value.trim();
    const found = matchTerms(this.terms, typed, this.taken());
    const known = this.terms.some((t) => t.term === typed);
    this.shown = found.map((t) => ({ term: t.term, fresh: false }));
    if (typed && !known && !typed.includes(",")) this.shown.push({ term: typed, fresh: true });
    this.active = -1;
    const byTerm = new Map(this.terms.map((t) => [t.term, t]));
    this.list.replaceChildren(
      ...this.shown.map((s, i) => {
        const li = document.createElement("li");
        li.id = `${this.list.id}-${i}`;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.term = s.term;
        const name = document.createElement("span");
        name.className = "term-name";
        name.textContent = s.term;
        const note = document.createElement("span");
        note.className = s.fresh ? "term-new" : "term-uses";
        const t = byTerm.get(s.term);
        note.textContent = s.fresh ? "new" : t ? usesLabel(t) : "";
        li.append(name, note);
        return li;
      }),
    );
    this.setOpen(this.shown.length > 0);
  }

  private key(e: KeyboardEvent): void {
    if (this.list.hidden) {
      if (e.key === "ArrowDown" && this.terms) {
        this.update();
        if (!this.list.hidden) this.move(0, e);
      }
      return;
    }
    if (e.key === "ArrowDown") this.move(Math.min(this.active + 1, this.shown.length - 1), e);
    else if (e.key === "ArrowUp") this.move(Math.max(this.active - 1, 0), e);
    else if (e.key === "Escape") {
      e.preventDefault();
      e.stopImmediatePropagation();
      this.close();
    } else if (e.key === "Enter" && this.active >= 0) {
      e.preventDefault();
      e.stopImmediatePropagation();
      this.take(this.shown[this.active].term);
    }
  }

  private move(to: number, e: KeyboardEvent): void {
    e.preventDefault();
    e.stopImmediatePropagation();
    this.active = to;
    activateOption(this.input, this.list, to);
  }

  private take(term: string): void {
    this.close();
    this.choose(term);
    // The next term: the list opens again on what is left.
    queueMicrotask(() => this.update());
  }

  private close(): void {
    this.setOpen(false);
  }

  private setOpen(open: boolean): void {
    this.list.hidden = !open;
    this.input.setAttribute("aria-expanded", String(open));
    if (!open) {
      this.active = -1;
      this.input.removeAttribute("aria-activedescendant");
    }
  }
}
