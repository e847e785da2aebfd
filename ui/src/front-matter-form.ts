/**
 * The front matter form above the editor: title, date (a picker that keeps
 * the file's own date format), categories and tags as chips, the draft flag,
 * slug, description, and every other key as a raw row. It shows what Rust
 * read from the editor's text and hands each change to `onEdit` as one
 * field edit; it never writes the text itself. The control being typed in is
 * never overwritten by a refresh.
 */

import { byTestid, find } from "./dom";
import { chipsFrom, key, type Path, pathFor } from "./front-matter-model";
import { renderOthers } from "./front-matter-raw";
import type { FmEdit, FmForm, Terms } from "./ipc";
import { TermSuggest } from "./term-suggest";

const TITLE: Path[] = [["title"]];
const DATE: Path[] = [["date"]];
const CATEGORIES: Path[] = [["categories"], ["category"], ["taxonomies", "categories"]];
const TAGS: Path[] = [["tags"], ["taxonomies", "tags"]];
const SLUG: Path[] = [["slug"]];
const DESCRIPTION: Path[] = [["description"]];

export class FrontMatterForm {
  private form: FmForm | null = null;
  private readonly others: HTMLElement;
  private readonly fieldset: HTMLFieldSetElement;
  private readonly bound = new Map<string, Path>();
  private readonly chips = new Map<string, string[]>();

  private readonly suggest = new Map<string, TermSuggest>();

  constructor(
    private readonly root: HTMLDetailsElement,
    private readonly onEdit: (edit: FmEdit) => Promise<string | null>,
    /** The blog's terms, for the chips' suggestions. */
    private readonly terms: () => Promise<Terms[]> = async () => [],
  ) {
    this.root.open = localStorage.getItem("fm-open") !== "0";
    this.root.addEventListener("toggle", () =>
      localStorage.setItem("fm-open", this.root.open ? "1" : "0"),
    );
    this.fieldset = find("fieldset", root);
    this.others = byTestid("fm-other", root);
    this.wireText("fm-title", "title", true);
    this.wireText("fm-slug", "slug", true);
    this.wireText("fm-description", "description", true);
    this.wireDate();
    this.wireChips("categories");
    this.wireChips("tags");
    this.wireDraft();
  }

  private el<T extends HTMLElement>(testid: string): T {
    return byTestid<T>(testid, this.root);
  }

  private path(name: string): Path {
    return this.bound.get(name) ?? [name];
  }

  /** Sends an edit; a refusal is shown beside the control that made it. */
  private async send(control: HTMLElement, edit: FmEdit): Promise<void> {
    const problem = await this.onEdit(edit);
    control.classList.toggle("fm-invalid", problem !== null);
    control.title = problem ?? "";
  }

  private wireText(testid: string, name: string, live: boolean): void {
    const input = this.el<HTMLInputElement>(testid);
    input.addEventListener(live ? "input" : "change", () => {
      void this.send(input, { op: "text", path: this.path(name), text: input.value });
    });
  }

  private wireDate(): void {
    const picker = this.el<HTMLInputElement>("fm-date");
    picker.addEventListener("change", () => {
      if (picker.value)
        void this.send(picker, { op: "date", path: this.path("date"), local: picker.value });
    });
    const text = this.el<HTMLInputElement>("fm-date-text");
    text.addEventListener("change", () => {
      void this.send(text, { op: "text", path: this.path("date"), text: text.value.trim() });
    });
  }

  private wireChips(name: "categories" | "tags"): void {
    const input = this.el<HTMLInputElement>(`fm-${name}-input`);
    const add = () => {
      const items = chipsFrom(input.value);
      if (items.length === 0) return;
      const current = this.chips.get(name) ?? [];
      input.value = "";
      void this.send(input, {
        op: "list",
        path: this.path(name),
        items: [...current, ...items.filter((i) => !current.includes(i))],
      });
    };
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === ",") {
        e.preventDefault();
        add();
      } else if (e.key === "Backspace" && input.value === "") {
        const current = this.chips.get(name) ?? [];
        if (current.length > 0)
          void this.send(input, { op: "list", path: this.path(name), items: current.slice(0, -1) });
      }
    });
    input.addEventListener("blur", add);
    this.suggest.set(
      name,
      new TermSuggest(
        input,
        name,
        this.terms,
        () => this.chips.get(name) ?? [],
        (term) => {
          input.value = term;
          add();
        },
        () => this.renderChips(name, this.chips.get(name) ?? []),
      ),
    );
  }

  private wireDraft(): void {
    const box = this.el<HTMLInputElement>("fm-draft");
    box.addEventListener("change", () => {
      const path = this.path("draft");
      // `published: false` means a draft, so that key is written inverted.
      const value = path[0] === "published" ? !box.checked : box.checked;
      void this.send(box, { op: "bool", path, value });
    });
  }

  /** Shows a form read from the editor's text. */
  show(form: FmForm): void {
    this.form = form;
    this.root.hidden = false;
    const format = this.el("fm-format");
    format.textContent =
      form.format === "toml" ? "TOML" : form.format === "yaml" ? "YAML" : "none yet";
    const error = this.el("fm-error");
    error.hidden = !form.error;
    error.textContent = form.error
      ? `Line ${form.error.line}: ${form.error.message}. The form is read-only until the text is fixed.`
      : "";
    const warnings = this.el("fm-warnings");
    warnings.hidden = form.warnings.length === 0;
    warnings.textContent = form.warnings.map((w) => `Line ${w.line}: ${w.message}`).join("\n");
    this.fieldset.disabled = form.error !== null;

    const used = new Set<string>();
    const bind = (name: string, candidates: Path[], kinds: string[]) => {
      const { path, field } = pathFor(form, candidates);
      const fits = !field || kinds.includes(field.kind);
      if (fits) {
        this.bound.set(name, path);
        if (field) used.add(key(field.path));
      } else {
        this.bound.set(name, candidates[0]);
      }
      return fits ? field : null;
    };
    this.setValue("fm-title", bind("title", TITLE, ["text", "null"])?.text ?? "");
    this.setValue("fm-slug", bind("slug", SLUG, ["text", "null"])?.text ?? "");
    this.setValue("fm-description", bind("description", DESCRIPTION, ["text", "null"])?.text ?? "");

    const date = bind("date", DATE, ["text", "null"]);
    const picker = this.el<HTMLInputElement>("fm-date");
    const local = date?.date ?? "";
    picker.type = local.length === 10 ? "date" : "datetime-local";
    this.setValue("fm-date", local);
    this.setValue("fm-date-text", date?.text ?? "");

    for (const name of ["categories", "tags"] as const) {
      const field = bind(name, name === "tags" ? TAGS : CATEGORIES, ["list", "text", "null"]);
      const items =
        field?.items ??
        (field?.kind === "text" ? (field.text ?? "").split(/\s+/).filter(Boolean) : []);
      this.chips.set(name, items);
      this.renderChips(name, items);
    }

    const draft = pathFor(form, [["draft"], ["published"]]);
    this.bound.set("draft", draft.path);
    const box = this.el<HTMLInputElement>("fm-draft");
    if (draft.field && draft.field.kind === "bool") {
      used.add(key(draft.field.path));
      box.checked = draft.path[0] === "published" ? !draft.field.flag : !!draft.field.flag;
    } else if (!draft.field) {
      box.checked = false;
    }
    this.el("fm-draft-label").textContent =
      draft.path[0] === "published" ? "Draft (published: false)" : "Draft";

    renderOthers(
      this.others,
      form.fields.filter((f) => !used.has(key(f.path))),
      (input, edit) => void this.send(input, edit),
    );
  }

  /** Hides the form (no draft open). */
  hide(): void {
    this.form = null;
    this.root.hidden = true;
  }

  /** Sets a control's value unless the writer is typing in it. */
  private setValue(testid: string, value: string): void {
    const input = this.el<HTMLInputElement | HTMLTextAreaElement>(testid);
    if (document.activeElement === input) return;
    if (input.value !== value) input.value = value;
    input.classList.remove("fm-invalid");
  }

  private renderChips(name: "categories" | "tags", items: string[]): void {
    const box = this.el(`fm-${name}`);
    const input = this.el<HTMLInputElement>(`fm-${name}-input`);
    for (const c of box.querySelectorAll(".chip")) c.remove();
    items.forEach((item, n) => {
      const chip = document.createElement("span");
      chip.className = "chip";
      chip.dataset.testid = `fm-${name}-chip`;
      chip.textContent = item;
      if (this.suggest.get(name)?.isNew(item)) {
        const mark = document.createElement("span");
        mark.className = "chip-new";
        mark.textContent = "new";
        mark.title = "No post of the blog uses this yet";
        chip.append(" ", mark);
      }
      const x = document.createElement("button");
      x.type = "button";
      x.className = "chip-remove";
      x.setAttribute("aria-label", `Remove ${item}`);
      x.textContent = "×";
      x.addEventListener("click", () => {
        void this.send(input, {
          op: "list",
          path: this.path(name),
          items: items.filter((_, i) => i !== n),
        });
      });
      chip.append(x);
      box.insertBefore(chip, input);
    });
  }

  get shown(): FmForm | null {
    return this.form;
  }
}
