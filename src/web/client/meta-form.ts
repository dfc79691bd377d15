// Metadata editing in the detail view: selects for every enum key, generated from the
// one definition in src/domain/enums.ts; text fields for the rest.
import { ENUM_KEYS, IMMUTABLE_KEYS } from "../../domain/enums.js";
import type { TaskDetailJson } from "../api-types.js";
import { h } from "./dom.js";

/** Enum keys a user may edit here (kind and state change by moving, not editing). */
const SELECT_KEYS = (Object.keys(ENUM_KEYS) as (keyof typeof ENUM_KEYS)[]).filter(
  (k) => !(IMMUTABLE_KEYS as readonly string[]).includes(k),
);
const TEXT_KEYS = ["title", "blocked", "commit_message"] as const;
const LIST_FIELDS = ["assignees", "labels", "touches", "depends_on", "blocks"] as const;

const label = (key: string) => key.replace(/_/g, " ");

export interface MetaForm {
  el: HTMLFormElement;
  /** The keys whose value differs from the task's: new value, or null to remove the key. */
  changes(): Record<string, unknown>;
}

export function metaForm(task: TaskDetailJson, onSave: (changes: Record<string, unknown>) => void): MetaForm {
  const controls = new Map<string, HTMLInputElement | HTMLSelectElement>();
  const original = new Map<string, string>();
  const field = (key: string, control: HTMLInputElement | HTMLSelectElement, value: string) => {
    control.name = key;
    control.id = `meta-${key}`;
    control.value = value;
    controls.set(key, control);
    original.set(key, value);
    return h("label", { class: `field field-${key}`, for: control.id }, h("span", {}, label(key)), control);
  };
  const fields: HTMLElement[] = [];
  for (const key of TEXT_KEYS) {
    const value = (task[key] as string | undefined) ?? "";
    fields.push(field(key, h("input", { type: "text", autocomplete: "off" }), value));
  }
  for (const key of SELECT_KEYS) {
    const select = h("select", {}, ...ENUM_KEYS[key].map((v) => h("option", { value: v }, v)));
    fields.push(field(key, select, String(task[key] ?? "")));
  }
  for (const key of LIST_FIELDS) {
    const value = ((task[key] as string[] | undefined) ?? []).join(", ");
    fields.push(
      field(key, h("input", { type: "text", autocomplete: "off", placeholder: "comma separated" }), value),
    );
  }
  const changes = (): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, control] of controls) {
      const value = control.value.trim();
      if (value === original.get(key)) continue;
      if ((LIST_FIELDS as readonly string[]).includes(key)) {
        const items = value
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean);
        out[key] = items.length > 0 ? items : null;
      } else {
        out[key] = value === "" ? null : value;
      }
    }
    return out;
  };
  const save = h("button", { type: "submit", class: "button primary", disabled: true }, "Save metadata");
  const el = h(
    "form",
    { class: "meta-form" },
    h("div", { class: "meta-grid" }, ...fields),
    h("div", { class: "form-actions" }, save),
  );
  el.addEventListener("input", () => {
    save.disabled = Object.keys(changes()).length === 0;
  });
  el.addEventListener("change", () => {
    save.disabled = Object.keys(changes()).length === 0;
  });
  el.addEventListener("submit", (e) => {
    e.preventDefault();
    const c = changes();
    if (Object.keys(c).length > 0) onSave(c);
  });
  return { el, changes };
}
