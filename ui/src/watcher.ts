/** Events from the folder watcher, each turned into what the window does about it. */
import { conflict, reload, removed } from "./conflicts";
import type { Desk } from "./desk";
import type * as ipc from "./ipc";

export function onDraftsEvent(d: Desk, e: ipc.DraftsEvent): void {
  const open = d.current;
  switch (e.kind) {
    case "list_changed":
      void d.lists.refresh();
      break;
    case "drafts_changed":
      d.lists.changed(e.listed, e.removed);
      break;
    case "open_changed":
      if (open?.path !== e.path) break;
      if (open.dirty || open.busy || d.store.state.paused) void conflict(d, open);
      else void reload(d);
      break;
    case "open_renamed":
      if (open?.path !== e.from) break;
      open.path = e.to;
      d.store.dispatch({ type: "moved", path: e.to });
      d.list.select(e.to);
      d.store.dispatch({
        type: "notice",
        text: `'${e.from}' was renamed to '${e.to}' outside Blogdesk; it stays open.`,
      });
      void d.lists.refresh();
      break;
    case "open_removed":
      if (open?.path === e.path) removed(d);
      break;
    case "open_back":
      if (open?.path !== e.path) break;
      if (d.store.state.paused)
        d.store.dispatch({ type: "resumed", save: open.dirty ? "edited" : "saved" });
      break;
    case "folder_gone":
      if (open) removed(d, e.message);
      else d.store.dispatch({ type: "error", text: e.message });
      void d.lists.refresh();
      break;
    case "folder_back":
      d.store.dispatch({ type: "dismiss" });
      void d.lists.refresh();
      break;
    case "polling":
      d.store.dispatch({ type: "polling", message: e.message });
      break;
  }
}
