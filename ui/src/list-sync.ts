/**
 * The draft list follows the folder: one listing at a time, and a request
 * made while one runs makes it run once more after (the last one always
 * runs, so the list never ends older than the folder).
 */
import { type ListPart, report } from "./desk";
import * as ipc from "./ipc";
import type { Store } from "./state";

export class ListSync {
  private listing: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly list: ListPart,
    private readonly store: Store,
  ) {}

  /** True while a listing is on its way (it may predate a change just seen). */
  get busy(): boolean {
    return this.listing !== null;
  }

  /** Lists the drafts again. `asked`: a listing already asked for, used for the first round. */
  async refresh(asked?: Promise<ipc.DraftSummary[]>): Promise<void> {
    if (this.listing) {
      this.again = true;
      return this.listing;
    }
    this.listing = (async () => {
      do {
        this.again = false;
        try {
          const drafts = asked ?? ipc.listDrafts();
          asked = undefined;
          this.list.set(await drafts);
          this.list.select(this.store.state.open);
        } catch (e) {
          report(this.store, e);
        }
      } while (this.again);
    })();
    try {
      await this.listing;
    } finally {
      this.listing = null;
    }
  }

  /** Drafts changed on disk (the watcher's list of them). */
  changed(listed: readonly ipc.DraftSummary[], removed: readonly string[]): void {
    // A listing on its way may predate the change: list again after it.
    if (this.listing) void this.refresh();
    else {
      this.list.update(listed, removed);
      this.list.select(this.store.state.open);
    }
  }
}
