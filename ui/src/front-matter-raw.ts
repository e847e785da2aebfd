/** The front matter form's raw rows: every key the form has no control for, as typed. */
import { find } from "./dom";
import { key } from "./front-matter-model";
import type { FmEdit, FmField } from "./ipc";

/** Sends an edit made in `control` (its refusal is shown beside it). */
type Send = (control: HTMLElement, edit: FmEdit) => void;

/** Raw rows for every other key in `others`, reused by path so typing keeps focus. */
export function renderOthers(others: HTMLElement, fields: FmField[], send: Send): void {
  const rows = new Map<string, HTMLElement>();
  for (const r of others.querySelectorAll<HTMLElement>(".fm-row")) {
    rows.set(r.dataset.path ?? "", r);
  }
  const keep = new Set<string>();
  for (const field of fields) {
    const k = key(field.path);
    keep.add(k);
    const multiline = field.raw.includes("\n");
    let row = rows.get(k);
    const tag = multiline ? "TEXTAREA" : "INPUT";
    if (!row || find(".fm-raw", row).tagName !== tag) {
      row?.remove();
      row = rawRow(field, multiline, send);
    }
    others.append(row);
    const input = find<HTMLInputElement | HTMLTextAreaElement>(".fm-raw", row);
    input.readOnly = !field.editable;
    if (document.activeElement !== input && input.value !== field.raw) {
      input.value = field.raw;
      input.classList.remove("fm-invalid");
      input.title = field.editable ? "" : "Edit this value in the text";
    }
    if (input instanceof HTMLTextAreaElement)
      input.rows = Math.min(8, field.raw.split("\n").length);
  }
  rows.forEach((row, k) => {
    if (!keep.has(k)) row.remove();
  });
  others.hidden = fields.length === 0;
}

function rawRow(field: FmField, multiline: boolean, send: Send): HTMLElement {
  const row = document.createElement("label");
  row.className = "fm-row";
  row.dataset.path = key(field.path);
  const name = document.createElement("span");
  name.className = "fm-key";
  name.textContent = key(field.path);
  const input = document.createElement(multiline ? "textarea" : "input");
  input.className = "fm-raw";
  input.dataset.testid = `fm-raw-${key(field.path)}`;
  input.spellcheck = false;
  const path = field.path;
  input.addEventListener("input", () => send(input, { op: "raw", path, raw: input.value }));
  row.append(name, input);
  return row;
}
