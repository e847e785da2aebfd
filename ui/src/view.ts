/**
 * The one writer of the DOM facts that follow from the window's state: the
 * `#app` classes, `aria-pressed`, which buttons work, the banners, the
 * status bar's words and the message above the editor. Nothing else sets
 * them, and nothing reads them back: the state is the truth.
 */
import { hideConflict, showConflict } from "./conflict-banner";
import { byTestid, find } from "./dom";
import { hideGone, showGone } from "./gone-banner";
import type { Choice } from "./ipc";
import { type AppState, previewVisible, statusOf } from "./state";

/** What the banners' and the message's buttons do. */
export interface ViewHandlers {
  settle(choice: Choice): void;
  saveAgain(): void;
  dismiss(): void;
  /** The preview is seen again or hidden. */
  previewHidden(hidden: boolean): void;
}

const $ = byTestid;

export class View {
  constructor(private readonly on: ViewHandlers) {
    find(".error-close", $("error")).addEventListener("click", () => on.dismiss());
  }

  /** Draws what changed between `before` and `s` (everything on the first call). */
  render(s: AppState, before: AppState | null = null): void {
    const changed = <K extends keyof AppState>(...keys: K[]) =>
      before === null || keys.some((k) => s[k] !== before[k]);
    const app = find<HTMLElement>("#app");
    if (changed("previewShown", "focusMode")) {
      app.classList.toggle("no-preview", !s.previewShown);
      app.classList.toggle("focus", s.focusMode);
      $("toggle-preview").setAttribute("aria-pressed", String(s.previewShown));
      $("focus-mode").hidden = !s.focusMode;
      this.on.previewHidden(!previewVisible(s));
    }
    if (changed("open")) {
      const open = s.open !== null;
      $("editor").hidden = !open;
      $("empty-state").hidden = open;
      for (const id of ["rename-draft", "delete-draft", "export-draft"])
        $<HTMLButtonElement>(id).disabled = !open;
    }
    if (changed("paused", "save", "detail", "open")) {
      const status = $("status");
      const { kind, text } = statusOf(s);
      status.dataset.state = kind;
      if (status.textContent !== text) status.textContent = text;
    }
    if (changed("paused")) this.banners(s);
    if (changed("message")) {
      const bar = $("error");
      bar.hidden = s.message === null;
      if (s.message) {
        bar.dataset.kind = s.message.kind;
        find(".error-text", bar).textContent = s.message.text;
      }
    }
    if (changed("polling")) {
      const el = $("watch-mode");
      el.hidden = s.polling === null;
      el.textContent = s.polling === null ? "" : "Polling for changes";
      el.title = s.polling ?? "";
    }
    if (changed("folder")) {
      // The bar cuts long paths at the start (CSS direction: rtl); the marks
      // keep the path itself reading left to right.
      $("folder").textContent = s.folder ? `\u200e${s.folder}\u200e` : "";
      $("folder").title = s.folder;
    }
  }

  private banners(s: AppState): void {
    const p = s.paused;
    if (p?.kind === "conflict" && p.view) showConflict(p.view, (c) => this.on.settle(c));
    else hideConflict();
    if (p?.kind === "removed") showGone(p.message, () => this.on.saveAgain());
    else hideGone();
  }
}
