/**
 * The cursor stops blinking after a while without input, as GTK's own text
 * fields do (`gtk-cursor-blink-timeout`, 10 s): every blink repaints the
 * window, and on a machine drawing in software that is CPU spent on every
 * minute a writer reads or thinks. Any edit, cursor move or focus change
 * makes it blink again.
 */

import type { Extension } from "@codemirror/state";
import { EditorView, ViewPlugin, type ViewUpdate } from "@codemirror/view";

/** How long the cursor blinks after the last input, as GTK's default. */
export const BLINK_TIMEOUT_MS = 10_000;

/** The class the editor carries while its cursor holds still. */
export const STILL = "cm-still";

/** What the timer needs of the editor's root element. */
export interface ClassTarget {
  classList: { add(c: string): void; remove(c: string): void };
}

/**
 * Marks `target` still `ms` after the last {@link Stillness.stir}. Owns one
 * timer: at most one pending at a time, none after `stop`.
 */
export class Stillness {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly target: ClassTarget,
    private readonly ms = BLINK_TIMEOUT_MS,
  ) {
    this.stir();
  }

  /** Input came: blink again, and go still `ms` from now. */
  stir(): void {
    this.target.classList.remove(STILL);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.target.classList.add(STILL), this.ms);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** The editor extension: {@link Stillness} on the editor's root element. */
export function stillCursor(ms = BLINK_TIMEOUT_MS): Extension {
  return [
    ViewPlugin.fromClass(
      class {
        readonly still: Stillness;
        constructor(view: EditorView) {
          this.still = new Stillness(view.dom, ms);
        }
        update(u: ViewUpdate) {
          if (u.docChanged || u.selectionSet || u.focusChanged) this.still.stir();
        }
        destroy() {
          this.still.stop();
        }
      },
    ),
    // drawSelection sets the blink's animation name on the layer's own
    // style (alternating two, to restart it): only `!important` outranks it.
    EditorView.baseTheme({
      [`&.${STILL} .cm-cursorLayer`]: { animationName: "none !important" },
    }),
  ];
}
