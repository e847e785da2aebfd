/** Looking up the window's own elements, which `index.html` always has. */

/**
 * The first element `selector` finds in `root` (the document by default).
 * The window's markup always has it: a missing one is a bug, reported by
 * its selector rather than as a `null` read somewhere later.
 */
export function find<T extends Element = HTMLElement>(
  selector: string,
  root: ParentNode = document,
): T {
  const el = root.querySelector<T>(selector);
  if (!el) throw new Error(`The window has no element ${selector}`);
  return el;
}

/** The element `data-testid="id"` in `root`: see [find]. */
export const byTestid = <T extends HTMLElement = HTMLElement>(
  id: string,
  root: ParentNode = document,
) => find<T>(`[data-testid="${id}"]`, root);

/**
 * Makes option `i` of the listbox `list` the active one of the combobox
 * `input` (its `aria-activedescendant`), scrolled into view; none when
 * there is no such option.
 */
export function activateOption(input: HTMLElement, list: HTMLElement, i: number): void {
  for (const [k, li] of [...list.children].entries())
    li.setAttribute("aria-selected", String(k === i));
  const li = list.children[i];
  if (li) {
    input.setAttribute("aria-activedescendant", li.id);
    li.scrollIntoView({ block: "nearest" });
  } else input.removeAttribute("aria-activedescendant");
}
