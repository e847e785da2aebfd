/**
 * Scroll sync between the editor and the preview, both ways, by source line:
 * each preview block carries the line its source starts on, so the line at
 * the top of one side finds its place on the other — exact at block starts,
 * interpolated by lines inside a block (a long code block or a tall image
 * stays in step through its length). A scroll one side causes is not echoed
 * back.
 */
import type { Editor } from "./editor";
import type { Preview } from "./preview";

/** The index of the last entry of ascending `lines` that is ≤ `line` (-1: none). */
export function blockAt(lines: readonly number[], line: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid] <= line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Where a position falls between two marks: `at` between `from` and `to`
 * as a fraction in [0, 1) (0 when the span is empty).
 */
export function fraction(at: number, from: number, to: number): number {
  return to > from ? Math.min(0.999, Math.max(0, (at - from) / (to - from))) : 0;
}

/** What scroll sync needs from the editor (CodeMirror, in editor.ts). */
export interface EditorSide {
  scroller: HTMLElement;
  /** The (fractional, 1-based) source line at the top of the editor's view. */
  topLine(): number;
  /** Scrolls so that (fractional, 1-based) `line` is at the top. */
  scrollToLine(line: number): void;
}

/** What scroll sync needs from the preview. */
export interface PreviewSide {
  scroller: HTMLElement;
  /** The preview's block elements, in order, beside their source lines. */
  blocks(): { items: readonly HTMLElement[]; lines: readonly number[] };
}

/**
 * How long a scroll event of the editor is taken as the echo of moving it:
 * CodeMirror scrolls in its own measure cycle, so where it lands is not
 * known in advance. The preview's echo is known by its position.
 */
const EDITOR_ECHO_MS = 150;

export class ScrollSync {
  private editorEchoUntil = 0;
  /** Where this set the preview's scroll position (its echo), or null. */
  private previewSetTo: number | null = null;
  private frame = 0;

  /** Links the editor's scrolling and the preview's (in `pane`, its scroller). */
  static between(editor: Editor, preview: Preview, pane: HTMLElement): ScrollSync {
    return new ScrollSync(
      {
        scroller: editor.view.scrollDOM,
        topLine: () => editor.topLine(),
        scrollToLine: (l) => editor.scrollToLine(l),
      },
      {
        scroller: pane,
        blocks: () => ({ items: preview.blocks.items, lines: preview.blocks.lines }),
      },
    );
  }

  constructor(
    private readonly editor: EditorSide,
    private readonly preview: PreviewSide,
  ) {
    editor.scroller.addEventListener("scroll", () => this.onScroll("editor"), { passive: true });
    preview.scroller.addEventListener("scroll", () => this.onScroll("preview"), { passive: true });
  }

  private onScroll(side: "editor" | "preview"): void {
    if (side === "editor" && performance.now() < this.editorEchoUntil) return;
    if (side === "preview" && this.previewSetTo !== null) {
      const echo = Math.abs(this.preview.scroller.scrollTop - this.previewSetTo) < 2;
      this.previewSetTo = null;
      if (echo) return;
    }
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => {
      const frame = this.frame;
      // A newer scroll of either side takes over.
      const current = () => this.frame === frame;
      if (side === "editor") {
        untilStill(
          () => this.previewFollows(),
          () => Math.abs(this.previewTarget() - this.preview.scroller.scrollTop) > 2,
          current,
        );
      } else {
        let line = Number.NaN;
        untilStill(
          () => {
            line = this.editorTarget();
            this.editorFollows();
          },
          () => Math.abs(this.editorTarget() - line) > 0.5,
          current,
        );
      }
    });
  }

  /** Scrolls the preview to the editor's top line. */
  previewFollows(): void {
    const pane = this.preview.scroller;
    pane.scrollTop = this.previewTarget();
    this.previewSetTo = pane.scrollTop;
  }

  /** Where the preview's scroll position shows the editor's top line. */
  private previewTarget(): number {
    const { items, lines } = this.preview.blocks();
    const line = this.editor.topLine();
    const k = blockAt(lines, Math.floor(line));
    const pane = this.preview.scroller;
    let top = 0;
    if (k >= 0 && items[k]) {
      const el = items[k];
      const next = lines[k + 1] ?? lines[k] + 1;
      const start = this.offsetIn(el, pane);
      const height = items[k + 1] ? this.offsetIn(items[k + 1], pane) - start : el.offsetHeight;
      top = start + fraction(line, lines[k], next) * height;
    }
    return top;
  }

  /** Scrolls the editor to the source line of the preview's top. */
  editorFollows(): void {
    this.editorEchoUntil = performance.now() + EDITOR_ECHO_MS;
    this.editor.scrollToLine(this.editorTarget());
  }

  /** The (fractional) source line at the preview's top. */
  private editorTarget(): number {
    const { items, lines } = this.preview.blocks();
    const pane = this.preview.scroller;
    const y = pane.scrollTop;
    // The last block starting at or above the pane's top.
    let lo = 0;
    let hi = items.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsetIn(items[mid], pane) <= y) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (k < 0) return 1;
    const start = this.offsetIn(items[k], pane);
    const end = items[k + 1] ? this.offsetIn(items[k + 1], pane) : start + items[k].offsetHeight;
    const next = lines[k + 1] ?? lines[k] + 1;
    return lines[k] + fraction(y, start, end) * (next - lines[k]);
  }

  /** `el`'s top in `pane`'s scrolled content. */
  private offsetIn(el: HTMLElement, pane: HTMLElement): number {
    return el.getBoundingClientRect().top - pane.getBoundingClientRect().top + pane.scrollTop;
  }
}

/**
 * Runs `step` now and again after the next rendering updates, up to `times`
 * in all, while `moved` says its target moved (and `current` that nothing
 * newer took over): preview chunks far from the view are not laid out
 * (style.css), so the heights above a target are guesses until it comes
 * near, and then the content shifts.
 */
function untilStill(step: () => void, moved: () => boolean, current = () => true, times = 4): void {
  step();
  if (times <= 1) return;
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      if (current() && moved()) untilStill(step, moved, current, times - 1);
    }),
  );
}

/** Scrolls `el` into view, again while it moves (see [untilStill]). */
export function reveal(el: Element, block: ScrollLogicalPosition): void {
  let top = 0;
  untilStill(
    () => {
      el.scrollIntoView({ block });
      top = el.getBoundingClientRect().top;
    },
    () => Math.abs(el.getBoundingClientRect().top - top) > 2,
  );
}
