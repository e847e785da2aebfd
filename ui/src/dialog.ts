/** In-window dialogs for a line of text or a yes/no question. */
import { find } from "./dom";

const dialog = () => find<HTMLDialogElement>('[data-testid="dialog"]');

function open(title: string, input: string | null, okLabel: string): Promise<string | null> {
  const d = dialog();
  const field = find<HTMLInputElement>('[data-testid="dialog-input"]', d);
  const ok = find<HTMLButtonElement>('[data-testid="dialog-ok"]', d);
  const cancel = find<HTMLButtonElement>('[data-testid="dialog-cancel"]', d);
  find(".ask-title", d).textContent = title;
  ok.textContent = okLabel;
  field.hidden = input === null;
  field.value = input ?? "";
  return new Promise((resolve) => {
    const finish = (value: string | null) => {
      ok.removeEventListener("click", onOk);
      cancel.removeEventListener("click", onCancel);
      field.removeEventListener("keydown", onKey);
      d.removeEventListener("cancel", onCancel);
      d.close();
      resolve(value);
    };
    const onOk = () => finish(input === null ? "" : field.value);
    const onCancel = (e?: Event) => {
      e?.preventDefault();
      finish(null);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Enter") {
        e.preventDefault();
        onOk();
      }
    };
    ok.addEventListener("click", onOk);
    cancel.addEventListener("click", onCancel);
    field.addEventListener("keydown", onKey);
    d.addEventListener("cancel", onCancel);
    d.showModal();
    if (input === null) ok.focus();
    else {
      field.focus();
      field.select();
    }
  });
}

/** Asks for a line of text; `null` when cancelled. */
export const askText = (title: string, initial = "", okLabel = "OK") =>
  open(title, initial, okLabel);

/** Asks a yes/no question; true when confirmed. */
export const confirmAction = async (question: string, okLabel: string) =>
  (await open(question, null, okLabel)) !== null;
