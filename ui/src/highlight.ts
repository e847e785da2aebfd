/**
 * Code highlighting in the preview: a fenced block with a language
 * (` ```rust `) is highlighted when it comes near the preview's view, once
 * per DOM node — the incremental preview keeps the nodes of blocks that did
 * not change, so typing re-highlights only the block being edited.
 * highlight.js itself (`highlight-languages.ts`) is loaded the first time
 * it is needed.
 */

type Languages = typeof import("./highlight-languages");
let loading: Promise<Languages> | null = null;

/** highlight.js and its languages, loaded once. */
function languages(): Promise<Languages> {
  loading ??= import("./highlight-languages");
  return loading;
}

/** Highlights the code blocks of preview blocks as they come near `root`'s view. */
export class Highlighter {
  private readonly observer: IntersectionObserver;

  constructor(root: HTMLElement) {
    this.observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          if (!e.isIntersecting) continue;
          this.observer.unobserve(e.target);
          const codes = e.target.querySelectorAll<HTMLElement>("pre > code");
          languages()
            .then((l) => codes.forEach(l.highlightCode))
            .catch((err: unknown) => console.error("code highlighting could not load", err));
        }
      },
      { root, rootMargin: "400px 0px" },
    );
  }

  /** Watches a new preview block (blocks without code are skipped). */
  added(block: HTMLElement): void {
    if (block.querySelector("pre > code[class*='language-']")) this.observer.observe(block);
  }

  /** Stops watching a removed block. */
  removed(block: HTMLElement): void {
    this.observer.unobserve(block);
  }

  /** Stops watching everything (the preview was emptied). */
  clear(): void {
    this.observer.disconnect();
  }
}
