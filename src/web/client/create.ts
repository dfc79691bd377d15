// "Add task" from a column header (board.md "Create"): title, kind, parent, priority.
import { CHILD_KIND, KINDS, type Kind, PRIORITIES, type State } from "../../domain/enums.js";
import type { Actions } from "./actions.js";
import { STATE_LABELS } from "./board.js";
import { modal } from "./dialog.js";
import { h } from "./dom.js";
import type { BoardModel } from "./model.js";

export async function createTaskDialog(
  state: State,
  model: BoardModel,
  actions: Actions,
): Promise<string | null> {
  const title = h("input", {
    type: "text",
    name: "title",
    required: true,
    maxlength: 500,
    class: "wide",
    placeholder: "What needs doing?",
  });
  const kind = h(
    "select",
    { name: "kind" },
    h("option", { value: "" }, "from parent (task)"),
    ...KINDS.map((k) => h("option", { value: k }, k)),
  );
  const priority = h(
    "select",
    { name: "priority" },
    ...PRIORITIES.map((p) => h("option", { value: p, selected: p === "normal" }, p)),
  );
  const parents = [...model.tasks.values()]
    .filter((t) => CHILD_KIND[t.kind as Kind] !== null && t.state !== "done" && t.state !== "canceled")
    .sort((a, b) => a.title.localeCompare(b.title));
  const parent = h(
    "select",
    { name: "parent" },
    h("option", { value: "" }, "none"),
    ...parents.map((p) => h("option", { value: p.id }, `${p.kind}: ${p.title}`)),
  );
  const answer = await modal(
    `New task in ${STATE_LABELS[state]}`,
    [
      h("label", { class: "field" }, h("span", {}, "title"), title),
      h(
        "div",
        { class: "field-row" },
        h("label", { class: "field" }, h("span", {}, "kind"), kind),
        h("label", { class: "field" }, h("span", {}, "priority"), priority),
      ),
      h("label", { class: "field" }, h("span", {}, "parent"), parent),
    ],
    [{ label: "Create", value: "create" }],
  );
  if (answer !== "create" || !title.value.trim()) return null;
  const created = await actions.create({
    title: title.value.trim(),
    state,
    priority: priority.value,
    ...(kind.value ? { kind: kind.value } : {}),
    ...(parent.value ? { parent: parent.value } : {}),
  });
  return created?.id ?? null;
}
