/**
 * The application menu (File, Edit, View, Help) in the window: each item
 * runs the same action as its keyboard shortcut and shows the shortcut.
 * Menus are built when opened, so checked items and the recent folders are
 * always current. Keyboard: F10 or Alt+letter opens a menu, the arrow keys
 * move, Enter runs, Escape closes and gives focus back.
 *
 * (It is drawn by the page rather than by GTK: a native menu's accelerators
 * would take Ctrl+S, Ctrl+B… away from the editor before it sees them.)
 */

export interface MenuItem {
  label: string;
  /** The shortcut shown beside it, as the help panel writes it. */
  keys?: string;
  /** A line under the label, e.g. a folder's full path. */
  detail?: string;
  run(): void;
  /** Shown with a check mark when true. */
  checked?: () => boolean;
  /** Greyed out when true. */
  disabled?: () => boolean;
}

/** An item, a separator, or a heading over a group of items. */
export type Entry = MenuItem | "-" | { heading: string };

export interface Menu {
  label: string;
  /** Alt+this letter opens the menu. */
  mnemonic: string;
  items: () => Entry[];
}

/** `label` as a `data-testid` part: "Open Recent…" → "open-recent". */
export const testidOf = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

export class MenuBar {
  private readonly buttons: HTMLButtonElement[] = [];
  private readonly lists: HTMLUListElement[] = [];
  private open = -1;
  /** What had focus before a menu opened; it gets it back. */
  private returnTo: HTMLElement | null = null;

  constructor(
    root: HTMLElement,
    private readonly menus: Menu[],
  ) {
    root.setAttribute("role", "menubar");
    menus.forEach((menu, i) => {
      const wrap = document.createElement("div");
      wrap.className = "menu";
      const button = document.createElement("button");
      button.type = "button";
      button.setAttribute("role", "menuitem");
      button.setAttribute("aria-haspopup", "menu");
      button.setAttribute("aria-expanded", "false");
      button.dataset.testid = `menu-${testidOf(menu.label)}`;
      const u = menu.label.toLowerCase().indexOf(menu.mnemonic.toLowerCase());
      button.append(menu.label.slice(0, u));
      const mn = document.createElement("u");
      mn.textContent = menu.label.slice(u, u + 1);
      button.append(mn, menu.label.slice(u + 1));
      // Keep the editor's focus and selection while the mouse opens a menu.
      button.addEventListener("mousedown", (e) => e.preventDefault());
      button.addEventListener("click", () =>
        this.open === i ? this.close() : this.show(i, false),
      );
      button.addEventListener("mouseenter", () => {
        if (this.open >= 0 && this.open !== i) this.show(i, false);
      });
      const list = document.createElement("ul");
      list.setAttribute("role", "menu");
      list.setAttribute("aria-label", menu.label);
      list.hidden = true;
      list.addEventListener("mousedown", (e) => e.preventDefault());
      wrap.append(button, list);
      root.append(wrap);
      this.buttons.push(button);
      this.lists.push(list);
    });
    // While a menu is open it has the keys, wherever the focus is (a menu
    // opened by the mouse leaves it in the editor).
    document.addEventListener("keydown", (e) => this.onKey(e), true);
    // A click elsewhere closes the menu; the click then focuses what it hits.
    document.addEventListener("mousedown", (e) => {
      if (this.open >= 0 && !root.contains(e.target as Node)) this.close();
    });
    window.addEventListener("blur", () => this.close(false));
  }

  /** Handles F10 and Alt+letter from the window; true when it took the key. */
  windowKey(e: KeyboardEvent): boolean {
    if (e.key === "F10" && !e.ctrlKey && !e.shiftKey && !e.altKey) {
      if (this.open >= 0) this.close();
      else this.show(0, true);
      return true;
    }
    if (e.altKey && !e.ctrlKey && !e.metaKey && e.key.length === 1) {
      const i = this.menus.findIndex((m) => m.mnemonic.toLowerCase() === e.key.toLowerCase());
      if (i >= 0) {
        this.show(i, true);
        return true;
      }
    }
    return false;
  }

  get isOpen(): boolean {
    return this.open >= 0;
  }

  /** Opens menu `i`; `focusFirst` moves the focus to its first item (keyboard). */
  show(i: number, focusFirst: boolean): void {
    if (this.open < 0)
      this.returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (this.open >= 0 && this.open !== i) this.hide(this.open);
    this.open = i;
    const list = this.lists[i];
    list.replaceChildren(...this.menus[i].items().map((entry) => this.entry(entry)));
    list.hidden = false;
    this.buttons[i].setAttribute("aria-expanded", "true");
    this.buttons[i].classList.add("open");
    if (focusFirst) this.items(i)[0]?.focus();
  }

  /** Closes the open menu; `refocus` gives the focus back to where it was. */
  close(refocus = true): void {
    if (this.open < 0) return;
    this.hide(this.open);
    this.open = -1;
    if (refocus) this.returnTo?.focus();
    this.returnTo = null;
  }

  private hide(i: number): void {
    this.lists[i].hidden = true;
    this.buttons[i].setAttribute("aria-expanded", "false");
    this.buttons[i].classList.remove("open");
  }

  private items(i: number): HTMLButtonElement[] {
    return [
      ...this.lists[i].querySelectorAll<HTMLButtonElement>("button[role^=menuitem]:not(:disabled)"),
    ];
  }

  private entry(entry: Entry): HTMLLIElement {
    const li = document.createElement("li");
    li.setAttribute("role", "none");
    if (entry === "-") {
      li.setAttribute("role", "separator");
      li.className = "menu-separator";
      return li;
    }
    if ("heading" in entry) {
      li.className = "menu-heading";
      li.textContent = entry.heading;
      return li;
    }
    const b = document.createElement("button");
    b.type = "button";
    b.tabIndex = -1;
    const checked = entry.checked?.();
    b.setAttribute("role", checked === undefined ? "menuitem" : "menuitemcheckbox");
    if (checked !== undefined) b.setAttribute("aria-checked", String(checked));
    b.dataset.testid = `menu-item-${testidOf(entry.label)}`;
    b.disabled = entry.disabled?.() ?? false;
    const label = document.createElement("span");
    label.className = "menu-label";
    label.textContent = entry.label;
    if (entry.detail) {
      const d = document.createElement("small");
      d.textContent = entry.detail;
      label.append(d);
      b.title = entry.detail;
    }
    const keys = document.createElement("kbd");
    keys.textContent = entry.keys ?? "";
    b.append(label, keys);
    b.addEventListener("click", () => {
      this.close();
      entry.run();
    });
    b.addEventListener("mouseenter", () => b.focus());
    li.append(b);
    return li;
  }

  private onKey(e: KeyboardEvent): void {
    if (this.open < 0 || e.key === "F10" || e.altKey) return; // those are windowKey's
    const items = this.items(this.open);
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const n = this.menus.length;
    const go = (k: number) => items[(k + items.length) % items.length]?.focus();
    switch (e.key) {
      case "ArrowDown":
        go(at + 1);
        break;
      case "ArrowUp":
        go(at < 0 ? -1 : at - 1);
        break;
      case "Home":
        go(0);
        break;
      case "End":
        go(-1);
        break;
      case "ArrowRight":
        this.show((this.open + 1) % n, true);
        break;
      case "ArrowLeft":
        this.show((this.open - 1 + n) % n, true);
        break;
      case "Escape":
        this.close();
        break;
      case "Tab":
        this.close();
        break;
      default:
        // An item has the focus: Enter or Space clicks it. Otherwise (a menu
        // opened by the mouse) keys do not reach the editor under the menu.
        if (at >= 0) return;
    }
    e.preventDefault();
    e.stopPropagation();
  }
}
