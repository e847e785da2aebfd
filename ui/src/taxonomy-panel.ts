/**
 * View → Taxonomy…: every term of the blog's taxonomies with how many posts
 * and drafts use it, near-duplicates marked; a term is renamed (or merged
 * into another) across the posts and the drafts after a plan that lists
 * every file that changes, with an optional git commit of the posts.
 */
import { byTestid } from "./dom";
import type { TermRename, TermRenamed, Terms } from "./ipc";
import { usesLabel } from "./term-suggest";

export interface TaxonomyHooks {
  terms(): Promise<Terms[]>;
  plan(taxonomy: string, from: string, to: string): Promise<TermRename>;
  rename(taxonomy: string, from: string, to: string, commit: boolean): Promise<TermRenamed>;
  /** Asks for the new name (null: cancelled). */
  ask(title: string, initial: string): Promise<string | null>;
  message(e: unknown): string;
}

const $ = byTestid;

export class TaxonomyPanel {
  private readonly dialog = $<HTMLDialogElement>("taxonomy");
  private pending: TermRename | null = null;

  constructor(private readonly hooks: TaxonomyHooks) {
    $("taxonomy-close").addEventListener("click", () => this.dialog.close());
    $("taxonomy-plan-cancel").addEventListener("click", () => this.showPlan(null));
    $("taxonomy-apply").addEventListener("click", () => void this.apply());
  }

  async open(): Promise<void> {
    $("taxonomy-result").textContent = "";
    this.showPlan(null);
    if (!this.dialog.open) this.dialog.showModal();
    await this.refresh();
  }

  private async refresh(): Promise<void> {
    const lists = $("taxonomy-lists");
    try {
      const all = await this.hooks.terms();
      lists.replaceChildren(...all.map((t) => this.section(t)));
    } catch (e) {
      $("taxonomy-result").textContent = this.hooks.message(e);
    }
  }

  private section(t: Terms): HTMLElement {
    const section = document.createElement("section");
    const h = document.createElement("h3");
    h.textContent = `${t.taxonomy} (${t.terms.length})`;
    const list = document.createElement("ul");
    list.className = "taxonomy-terms";
    list.setAttribute("aria-label", t.taxonomy);
    const nearOf = new Map<string, string>();
    for (const g of t.near_duplicates) for (const term of g.slice(1)) nearOf.set(term, g[0]);
    for (const term of t.terms) {
      const li = document.createElement("li");
      li.dataset.testid = "taxonomy-term";
      li.dataset.term = term.term;
      const name = document.createElement("span");
      name.className = "term-name";
      name.textContent = term.term;
      const uses = document.createElement("span");
      uses.className = "term-uses";
      uses.textContent = usesLabel(term);
      li.append(name, uses);
      const best = nearOf.get(term.term);
      if (best) {
        const merge = document.createElement("button");
        merge.type = "button";
        merge.dataset.testid = "taxonomy-merge";
        merge.textContent = `Merge into '${best}'`;
        merge.addEventListener("click", () => void this.plan(t.taxonomy, term.term, best));
        li.append(merge);
      }
      const rename = document.createElement("button");
      rename.type = "button";
      rename.dataset.testid = "taxonomy-rename";
      rename.textContent = "Rename…";
      rename.setAttribute("aria-label", `Rename '${term.term}'`);
      rename.addEventListener("click", async () => {
        const to = await this.hooks.ask(
          `Rename the ${t.taxonomy} term '${term.term}' to`,
          term.term,
        );
        if (to !== null && to.trim() !== term.term) await this.plan(t.taxonomy, term.term, to);
      });
      li.append(rename);
      list.append(li);
    }
    section.append(h, list);
    return section;
  }

  private async plan(taxonomy: string, from: string, to: string): Promise<void> {
    try {
      this.showPlan(await this.hooks.plan(taxonomy, from, to));
    } catch (e) {
      $("taxonomy-result").textContent = this.hooks.message(e);
    }
  }

  private showPlan(plan: TermRename | null): void {
    this.pending = plan;
    $("taxonomy-plan").hidden = plan === null;
    $("taxonomy-lists").hidden = plan !== null;
    if (!plan) return;
    const posts = plan.files.filter((f) => f.post).length;
    const drafts = plan.files.length - posts;
    $("taxonomy-plan-text").textContent =
      `'${plan.from}' becomes '${plan.to}' in ${posts} post${posts === 1 ? "" : "s"} and ${drafts} draft${drafts === 1 ? "" : "s"}; only the term changes in each file:`;
    $("taxonomy-plan-files").replaceChildren(
      ...plan.files.map((f) => {
        const li = document.createElement("li");
        li.textContent = f.post ? f.path : `draft ${f.path}`;
        return li;
      }),
    );
    $("taxonomy-commit-row").hidden = !plan.git || posts === 0;
    $<HTMLButtonElement>("taxonomy-apply").disabled = plan.files.length === 0;
    $<HTMLButtonElement>("taxonomy-apply").focus();
  }

  private async apply(): Promise<void> {
    const plan = this.pending;
    if (!plan) return;
    const commit = $<HTMLInputElement>("taxonomy-commit").checked && plan.git;
    try {
      const done = await this.hooks.rename(plan.taxonomy, plan.from, plan.to, commit);
      $("taxonomy-result").textContent =
        `Renamed '${plan.from}' to '${plan.to}' in ${done.files.length} file${done.files.length === 1 ? "" : "s"}` +
        (done.commit ? `; committed ${done.commit.slice(0, 10)}.` : ".");
    } catch (e) {
      $("taxonomy-result").textContent = this.hooks.message(e);
    }
    this.showPlan(null);
    await this.refresh();
  }
}
