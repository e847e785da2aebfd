/**
 * The status bar's Markdown picker: which engine's Markdown the preview
 * renders (the connected blog's, or one the writer chooses for this drafts
 * folder), and "Connect a blog…" for a folder with no blog.
 */
import type { EngineName, ProfileView } from "./ipc";

export const ENGINES: readonly (readonly [EngineName, string])[] = [
  ["commonmark", "CommonMark"],
  ["jekyll", "Jekyll · kramdown"],
  ["hugo", "Hugo · goldmark"],
  ["zola", "Zola · pulldown-cmark"],
];

export interface EngineOption {
  /** "" follows the connected blog. */
  value: EngineName | "";
  label: string;
  selected: boolean;
}

/** The picker's choices for `view`, the current one selected. */
export function engineOptions(view: ProfileView): EngineOption[] {
  const blogLabel = ENGINES.find(([e]) => e === view.blog_engine)?.[1];
  const first: EngineOption = {
    value: "",
    label: blogLabel ? `As the blog: ${blogLabel}` : "No blog connected: CommonMark",
    selected: !view.chosen,
  };
  return [
    first,
    ...ENGINES.map(([value, label]) => ({
      value,
      label,
      selected: view.chosen && view.profile.engine === value,
    })),
  ];
}

export interface EngineHooks {
  view(): Promise<ProfileView>;
  choose(engine: EngineName | null): Promise<ProfileView>;
  /** Asks for a blog folder; true when one was chosen. */
  connect(): Promise<boolean>;
  /** The profile changed: render the preview again. */
  changed(): void;
  report(e: unknown): void;
}

export class EnginePicker {
  private shown: string | null = null;

  constructor(
    private readonly select: HTMLSelectElement,
    private readonly connect: HTMLButtonElement,
    private readonly hooks: EngineHooks,
  ) {
    select.addEventListener("change", () => {
      const v = select.value as EngineName | "";
      void hooks
        .choose(v === "" ? null : v)
        .then((view) => this.show(view))
        .catch(hooks.report);
    });
    connect.addEventListener("click", () => {
      void hooks
        .connect()
        .then((chosen) => (chosen ? this.refresh() : undefined))
        .catch(hooks.report);
    });
  }

  /** Asks the backend again (after a folder or blog folder change). */
  async refresh(): Promise<void> {
    this.show(await this.hooks.view());
  }

  private show(view: ProfileView): void {
    this.select.replaceChildren(
      ...engineOptions(view).map((o) => {
        const opt = document.createElement("option");
        opt.value = o.value;
        opt.textContent = o.label;
        opt.selected = o.selected;
        return opt;
      }),
    );
    this.select.title = view.blog
      ? `The preview renders Markdown as ${view.label} does (blog: ${view.blog})`
      : `The preview renders Markdown as ${view.label} does; no blog folder is connected`;
    this.select.dataset.engine = view.profile.engine;
    this.connect.hidden = view.blog !== null;
    const key = JSON.stringify(view.profile);
    if (this.shown !== null && this.shown !== key) this.hooks.changed();
    this.shown = key;
  }
}
