/**
 * The export dialog: the blog folder, the plan (what will be written, the
 * front matter changes, the images, the problems), the confirmations it
 * asks for, git options, a progress bar and what was written.
 */

import { byTestid } from "./dom";
import * as ipc from "./ipc";

const el = byTestid;

function item(text: string, cls?: string): HTMLLIElement {
  const li = document.createElement("li");
  li.textContent = text;
  if (cls) li.className = cls;
  return li;
}

/** The verb a writer reads for a post's action. */
export function describe(p: ipc.PostPlan): string {
  switch (p.action.kind) {
    case "create":
      return `New post ${p.target}`;
    case "update":
      return `Updates ${p.target}`;
    case "unchanged":
      return `${p.target} is already up to date`;
    case "rename":
      return `Moves ${p.action.from} to ${p.target}`;
    case "publish":
      return `Publishes ${p.action.from} as ${p.target}`;
  }
}

export class ExportDialog {
  private drafts: string[] = [];
  private plan: ipc.ExportPlan | null = null;
  private readonly dialog = el<HTMLDialogElement>("export-dialog");

  /**
   * `onImported`: drafts were imported (the list should refresh); `allDrafts`:
   * the paths of every listed draft, for a batch export.
   */
  constructor(
    private readonly onImported: () => void,
    private readonly allDrafts: () => string[],
  ) {
    el("export-all").addEventListener("click", () => {
      this.drafts = this.allDrafts();
      void this.refresh();
    });
    el("export-choose").addEventListener("click", () => void this.choose());
    el("export-apply").addEventListener("click", () => void this.apply());
    el("export-cancel").addEventListener("click", () => this.dialog.close());
    el("export-open-folder").addEventListener(
      "click",
      () => void ipc.openBlogFolder().catch((e) => this.fail(e)),
    );
    el("export-import").addEventListener("click", () => void this.import());
    el("export-confirm").addEventListener("change", () => this.updateButtons());
    el<HTMLInputElement>("export-push").addEventListener("change", (e) => {
      if ((e.target as HTMLInputElement).checked)
        el<HTMLInputElement>("export-commit").checked = true;
    });
  }

  /** Opens the dialog for `drafts` and shows their plan. */
  async open(drafts: string[]): Promise<void> {
    this.drafts = drafts;
    el("export-result").hidden = true;
    el("export-open-folder").hidden = true;
    el("export-progress").hidden = true;
    el("export-error").hidden = true;
    el<HTMLInputElement>("export-confirm").checked = false;
    if (!this.dialog.open) this.dialog.showModal();
    await this.refresh();
  }

  private async refresh(): Promise<void> {
    this.plan = null;
    el("export-plan").replaceChildren();
    el("export-problems").replaceChildren();
    const site = await ipc.blogSite().catch((e) => {
      this.fail(e);
      return null;
    });
    el("export-site").textContent = site
      ? `${site.kind} · ${site.path}`
      : "No blog folder chosen yet.";
    el("export-git").hidden = !site?.git;
    el("export-import").hidden = !site;
    if (site) {
      try {
        this.plan = await ipc.exportPlan(this.drafts);
        this.show(this.plan);
      } catch (e) {
        this.fail(e);
      }
    }
    this.updateButtons();
  }

  private show(plan: ipc.ExportPlan): void {
    const posts = plan.posts.map((p) => {
      const li = item(describe(p), "export-post");
      const details = document.createElement("ul");
      details.append(item(`from ${p.draft}`, "export-detail"));
      for (const c of p.changes) details.append(item(`front matter: ${c}`, "export-detail"));
      for (const i of p.images) details.append(item(`image ${i.from} → ${i.to}`, "export-detail"));
      li.append(details);
      return li;
    });
    el("export-plan").replaceChildren(...posts);
    const problems = [
      ...plan.problems.map((p) => ({ p, draft: null as string | null })),
      ...plan.posts.flatMap((post) =>
        post.problems.map((p) => ({ p, draft: post.draft as string | null })),
      ),
    ].map(({ p, draft }) => {
      const li = item(
        draft ? `${draft}: ${p.message}` : p.message,
        `export-problem export-${p.severity}`,
      );
      li.dataset.code = p.code;
      return li;
    });
    el("export-problems").replaceChildren(...problems);
  }

  private has(severity: ipc.ExportProblem["severity"]): boolean {
    const p = this.plan;
    if (!p) return false;
    return [...p.problems, ...p.posts.flatMap((x) => x.problems)].some(
      (x) => x.severity === severity,
    );
  }

  private updateButtons(): void {
    const needsConfirm = this.has("confirm");
    el("export-confirm-row").hidden = !needsConfirm;
    const confirmed = el<HTMLInputElement>("export-confirm").checked;
    const nothing = !this.plan || this.plan.posts.every((p) => p.action.kind === "unchanged");
    el<HTMLButtonElement>("export-apply").disabled =
      !this.plan || this.has("error") || (needsConfirm && !confirmed) || nothing;
  }

  private async choose(): Promise<void> {
    try {
      if (await ipc.pickBlogFolder()) await this.refresh();
    } catch (e) {
      this.fail(e);
    }
  }

  private async apply(): Promise<void> {
    const bar = el<HTMLProgressElement>("export-progress");
    bar.hidden = false;
    bar.value = 0;
    el<HTMLButtonElement>("export-apply").disabled = true;
    try {
      const done = await ipc.exportApply(
        this.drafts,
        {
          confirmed: el<HTMLInputElement>("export-confirm").checked,
          commit: el<HTMLInputElement>("export-commit").checked,
          push: el<HTMLInputElement>("export-push").checked,
        },
        (d, t) => {
          bar.max = t;
          bar.value = d;
        },
      );
      const lines = [
        ...done.written.map((p) => `Wrote ${p}`),
        ...done.moved_from.map((p) => `Moved away ${p}`),
        ...(done.commit ? [`Committed ${done.commit.slice(0, 10)}`] : []),
        ...(done.pushed ? ["Pushed"] : []),
      ];
      el("export-result").replaceChildren(...lines.map((l) => item(l)));
      el("export-result").hidden = false;
      el("export-open-folder").hidden = false;
      bar.value = bar.max;
    } catch (e) {
      this.fail(e);
      el<HTMLButtonElement>("export-apply").disabled = false;
    }
  }

  private async import(): Promise<void> {
    try {
      const done = await ipc.importPosts();
      el("export-result").replaceChildren(
        item(`Imported ${done.length} post${done.length === 1 ? "" : "s"} as drafts.`),
        ...done.map((i) => item(`${i.post} → ${i.draft}`)),
      );
      el("export-result").hidden = false;
      this.onImported();
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    el("export-error").textContent = ipc.errorMessage(e);
    el("export-error").hidden = false;
  }
}
