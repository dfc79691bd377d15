// One card of the board (board.md "Cards"): title, id, kind, priority, size, acceptance
// progress, blocked reason, parent, telemetry, and who is at work on it.
import type { AttemptJson, TaskJson } from "../api-types.js";
import { ago, h } from "./dom.js";
import type { BoardModel } from "./model.js";

/** Attempts in the order they started. */
export function chronological(task: TaskJson): AttemptJson[] {
  return [...(task.execution?.attempts ?? [])].sort(
    (a, b) => Date.parse(a.started_at) - Date.parse(b.started_at),
  );
}

/** "3 attempts · completed", or "" without telemetry. */
export function telemetryLine(task: TaskJson): string {
  const attempts = chronological(task);
  if (attempts.length === 0) return "";
  const last = attempts[attempts.length - 1]!;
  return `${attempts.length} attempt${attempts.length === 1 ? "" : "s"} · ${last.status}`;
}

export function chip(text: string, kind: string, title?: string): HTMLElement {
  return h("span", { class: `chip chip-${kind}`, title }, text);
}

export function progressBar(checked: number, total: number): HTMLElement | null {
  if (total === 0) return null;
  const fill = h("div", { class: `progress-fill${checked === total ? " complete" : ""}` });
  // a CSSOM property, not a style attribute: the page's CSP allows no inline styles
  fill.style.width = `${Math.round((checked / total) * 100)}%`;
  return h(
    "div",
    { class: "progress", title: `${checked} of ${total} acceptance criteria checked` },
    h("div", { class: "progress-track" }, fill),
    h("span", { class: "progress-label" }, `${checked}/${total}`),
  );
}

export function renderCard(task: TaskJson, model: BoardModel, expanded: boolean): HTMLElement {
  const parent = model.parentOf(task);
  const telemetry = telemetryLine(task);
  const last = chronological(task).at(-1);
  const card = h(
    "article",
    {
      class: `card kind-${task.kind} prio-${task.priority}${task.blocked ? " is-blocked" : ""}${task.errors ? " has-errors" : ""}`,
      tabindex: 0,
      draggable: "true",
      "data-id": task.id,
      "data-state": task.state,
      "aria-label": `${task.title} (${task.id})`,
    },
    h(
      "div",
      { class: "card-chips" },
      chip(task.kind, `kind-${task.kind}`),
      task.priority !== "normal" && task.priority !== "none"
        ? chip(task.priority, `prio-${task.priority}`)
        : null,
      chip(task.size, "size", "size"),
      task.blocked ? chip("blocked", "blocked", task.blocked) : null,
      task.errors ? chip("invalid", "invalid", task.errors.join("\n")) : null,
    ),
    h("h3", { class: "card-title" }, task.title),
    h("div", { class: "card-id" }, task.id),
    parent ? h("div", { class: "card-parent", title: `part of ${parent.id}` }, "↳ ", parent.title) : null,
    task.blocked ? h("div", { class: "card-blocked" }, h("strong", {}, "Blocked: "), task.blocked) : null,
    progressBar(task.acceptance.checked, task.acceptance.total),
    telemetry
      ? h(
          "div",
          { class: `card-telemetry status-${last?.status ?? "none"}` },
          h("span", { class: "dot" }),
          telemetry,
        )
      : null,
    task.state === "in-progress" ? agentLine(task) : null,
    childrenBlock(task, model, expanded),
  );
  return card;
}

/** Until leases exist (leases.md): who holds an in-progress task and how long since it last changed. */
function agentLine(task: TaskJson): HTMLElement {
  const who = task.assignees?.length ? task.assignees.join(", ") : "unassigned";
  const since = ago(task.updated_at);
  return h(
    "div",
    { class: "card-agent", title: `last change ${task.updated_at}` },
    h("span", { class: "avatar" }, (task.assignees?.[0] ?? "?").slice(0, 1).toUpperCase()),
    h("span", { class: "agent-name" }, who),
    since
      ? h("span", { class: "agent-time", title: "time since the task last changed" }, `active ${since} ago`)
      : null,
  );
}

function childrenBlock(task: TaskJson, model: BoardModel, expanded: boolean): HTMLElement | null {
  const ids = task.children ?? [];
  if (ids.length === 0) return null;
  const kids = ids.map((id) => model.tasks.get(id));
  const done = kids.filter((k) => k?.state === "done" || k?.state === "canceled").length;
  const toggle = h(
    "button",
    {
      class: "children-toggle",
      "data-toggle-children": task.id,
      type: "button",
      "aria-expanded": String(expanded),
    },
    `${expanded ? "▾ hide" : "▸ show"} ${ids.length} child${ids.length === 1 ? "" : "ren"} · ${done} closed`,
  );
  if (!expanded) return h("div", { class: "card-children" }, toggle);
  return h(
    "div",
    { class: "card-children" },
    toggle,
    h(
      "ul",
      { class: "child-list" },
      ...ids.map((id, i) => {
        const kid = kids[i];
        return h(
          "li",
          { class: `child state-${kid?.state ?? "unknown"}`, "data-open": id },
          h("span", { class: "state-dot" }),
          kid ? kid.title : id,
        );
      }),
    ),
  );
}
