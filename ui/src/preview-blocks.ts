/**
 * The preview's model, apart from the DOM so it can be tested: its blocks
 * and their source lines, and an editor change as the backend takes it.
 */
import type { ChangeSet, Text } from "@codemirror/state";
import type { PreviewBlock, PreviewUpdate } from "./ipc";

/**
 * The preview's blocks beside their DOM nodes: the version shown, one item
 * and one source line per block. Kept apart from the DOM so it can be tested.
 */
export class Blocks<T> {
  version: number | null = null;
  items: T[] = [];
  lines: number[] = [];

  /**
   * Applies `u` (which must be based on `version`, or on nothing): `make`
   * builds new items, `put` places them before an item (null: at the end),
   * `drop` removes old ones; `clear` empties everything first when `u` is
   * not based on anything. Returns false, changing nothing, when `u` is
   * based on another version.
   */
  apply(
    u: PreviewUpdate,
    make: (b: PreviewBlock) => T,
    put: (items: T[], before: T | null) => void,
    drop: (items: T[]) => void,
    clear: () => void,
  ): boolean {
    if (u.base === null) {
      clear();
      this.items = [];
      this.lines = [];
    } else if (u.base !== this.version) {
      return false;
    }
    const end = this.items.length - u.tail;
    const added = u.blocks.map(make);
    const removed = this.items.splice(u.head, end - u.head, ...added);
    drop(removed);
    put(added, this.items[u.head + added.length] ?? null);
    this.lines.splice(u.head, end - u.head, ...u.blocks.map((b) => b.line));
    this.lines.splice(u.lines_from, this.lines.length - u.lines_from, ...u.lines);
    this.version = u.version;
    return true;
  }

  /** Forgets everything: the next update must replace the whole preview. */
  reset(): void {
    this.version = null;
    this.items = [];
    this.lines = [];
  }
}

/** The editor's text and how it came from the text before (when known). */
export interface Edit {
  from: Text;
  changes: ChangeSet;
}

/** `changes` as the backend takes them: `[from, to, insert]` in `from`'s offsets. */
export function changeList(changes: ChangeSet): [number, number, string][] {
  const list: [number, number, string][] = [];
  changes.iterChanges((fromA, toA, _fromB, _toB, inserted) =>
    list.push([fromA, toA, inserted.toString()]),
  );
  return list;
}
