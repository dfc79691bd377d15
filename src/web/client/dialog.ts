// Modal confirmations and forms on a native <dialog>, and short messages (toasts).
import { h } from "./dom.js";

/** Shows a modal; resolves with the submit button's value, or null when dismissed. */
export function modal(
  title: string,
  body: Node[],
  buttons: { label: string; value: string; danger?: boolean }[],
): Promise<string | null> {
  const form = h(
    "form",
    { method: "dialog", class: "modal-form" },
    h("h2", {}, title),
    ...body,
    h(
      "div",
      { class: "modal-actions" },
      h("button", { type: "submit", value: "", class: "button ghost", formnovalidate: true }, "Cancel"),
      ...buttons.map((b) =>
        h(
          "button",
          { type: "submit", value: b.value, class: `button ${b.danger ? "danger" : "primary"}` },
          b.label,
        ),
      ),
    ),
  );
  const dialog = h("dialog", { class: "modal" }, form);
  document.body.append(dialog);
  dialog.showModal();
  (form.querySelector("input, select, textarea") as HTMLElement | null)?.focus();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(dialog.returnValue || null);
    });
  });
}

export const confirmAction = async (title: string, text: string, label: string, danger = false) =>
  (await modal(title, [h("p", {}, text)], [{ label, value: "ok", danger }])) === "ok";

const toasts = h("div", { class: "toasts", "aria-live": "polite" });

/** A short message in the corner; errors stay until dismissed or for 8 s. */
export function toast(message: string, kind: "info" | "error" | "warn" = "info", hint?: string): void {
  if (!toasts.isConnected) document.body.append(toasts);
  const close = h("button", { class: "toast-close", type: "button", "aria-label": "dismiss" }, "×");
  const el = h(
    "div",
    { class: `toast toast-${kind}`, role: kind === "error" ? "alert" : "status" },
    h("div", {}, message),
    hint ? h("div", { class: "toast-hint" }, hint) : null,
    close,
  );
  close.addEventListener("click", () => el.remove());
  toasts.append(el);
  setTimeout(() => el.remove(), kind === "info" ? 4000 : 8000);
}
