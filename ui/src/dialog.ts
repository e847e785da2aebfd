/** In-window dialogs for a line of text or a yes/no question. */
import { find } from "./dom";

const dialog = () => find<HTMLDialogElement>('[data-testid="dialog"]');

/** A choice offered below the text: its value and what the list shows. */
export interface Choice {
  value: string;
  label: string;
}

function open(
  title: string,
  input: string | null,
  okLabel: string,
  choices: Choice[] = [],
): Promise<string | null> {
  const d = dialog();
  const row = find('[data-testid="dialog-choice-row"]', d);
  const select = find<HTMLSelectElement>('[data-testid="dialog-choice"]', d);
  row.hidden = choices.length === 0;
  select.replaceChildren(
    ...choices.map((c) => {
      const o = document.createElement("option");
      o.value = c.value;
      o.textContent = c.label;
      return o;
    }),
  );
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

/** The choice picked in the last dialog that offered some. */
const chosen = () => find<HTMLSelectElement>('[data-testid="dialog-choice"]', dialog()).value;

/**
 * Asks for a line of text and one of `choices`; `null` when cancelled.
 */
export async function askTextAndChoice(
  title: string,
  okLabel: string,
  choices: Choice[],
): Promise<{ text: string; choice: string } | null> {
  const text = await open(title, "", okLabel, choices);
  return text === null ? null : { text, choice: chosen() };
}

/** Asks for a line of text; `null` when cancelled. */
export const askText = (title: string, initial = "", okLabel = "OK") =>
  open(title, initial, okLabel);

/** Asks a yes/no question; true when confirmed. */
export const confirmAction = async (question: string, okLabel: string) =>
  (await open(question, null, okLabel)) !== null;
