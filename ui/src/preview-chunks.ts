/**
 * The preview's blocks grouped into chunks of [CHUNK]: a chunk far from the
 * view is neither laid out nor painted (style.css), so a long post's
 * preview holds its layout only near what is shown. A chunk and not each
 * block: the browser tracks every such element, and with tens of thousands
 * of them (a 20 MB draft) the preview never showed at all.
 */

/** Blocks per chunk. */
export const CHUNK = 64;

/**
 * The HTML of blocks (each a complete fragment) as the preview holds them:
 * each in its `md-block` element, [CHUNK] of those to an `md-chunk`.
 */
export function chunkedHtml(blocks: readonly string[]): string {
  const html: string[] = [];
  blocks.forEach((b, i) => {
    if (i % CHUNK === 0)
      html.push(i === 0 ? '<div class="md-chunk">' : '</div><div class="md-chunk">');
    html.push(`<div class="md-block">${b}</div>`);
  });
  if (blocks.length > 0) html.push("</div>");
  return html.join("");
}

/**
 * The block elements of `chunks` parsed from [chunkedHtml] of `count`
 * blocks, or null when the parse did not give one element per block (each
 * block's HTML is balanced, so it should).
 */
export function blocksOf(chunks: HTMLElement[], count: number): HTMLElement[] | null {
  const made = chunks.flatMap((c) => [...c.children]) as HTMLElement[];
  const fits =
    chunks.length === Math.ceil(count / CHUNK) &&
    chunks.every((c) => c.className === "md-chunk") &&
    made.length === count &&
    made.every((d) => d.className === "md-block");
  return fits ? made : null;
}

function newChunk(): HTMLElement {
  const chunk = document.createElement("div");
  chunk.className = "md-chunk";
  return chunk;
}

/**
 * Puts new blocks before `before` in its chunk (null: at the end of the
 * last chunk of `root`); a chunk grown past twice [CHUNK] blocks is cut
 * into chunks of [CHUNK].
 */
export function putInChunks(
  root: HTMLElement,
  items: HTMLElement[],
  before: HTMLElement | null,
): void {
  if (items.length === 0) return;
  let chunk = before?.parentElement ?? (root.lastElementChild as HTMLElement | null);
  if (!chunk) {
    chunk = newChunk();
    root.append(chunk);
  }
  if (items.length === 1) chunk.insertBefore(items[0], before);
  else {
    const frag = document.createDocumentFragment();
    frag.append(...items);
    chunk.insertBefore(frag, before);
  }
  if (chunk.childElementCount <= 2 * CHUNK) return;
  const blocks = [...chunk.children];
  const rest: HTMLElement[] = [];
  for (let i = CHUNK; i < blocks.length; i += CHUNK) {
    const next = newChunk();
    next.append(...blocks.slice(i, i + CHUNK));
    rest.push(next);
  }
  chunk.after(...rest);
}

/** Removes a block, and its chunk when that is left empty. */
export function dropFromChunk(block: HTMLElement): void {
  const chunk = block.parentElement;
  block.remove();
  if (chunk?.className === "md-chunk" && chunk.childElementCount === 0) chunk.remove();
}
