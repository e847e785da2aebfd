/** Text changes computed without an editor, so they can be tested alone. */

/**
 * The smallest single change turning `old` into `text`: the common start and
 * end stay, so the cursor and scroll position map through it.
 */
export function minimalChange(
  old: string,
  text: string,
): { from: number; to: number; insert: string } {
  let start = 0;
  const max = Math.min(old.length, text.length);
  while (start < max && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let end = 0;
  while (
    end < max - start &&
    old.charCodeAt(old.length - 1 - end) === text.charCodeAt(text.length - 1 - end)
  )
    end++;
  return { from: start, to: old.length - end, insert: text.slice(start, text.length - end) };
}
