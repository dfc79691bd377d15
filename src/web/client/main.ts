// The board's page: header (views, filters, agents at work, connection), the board or
// the Insights view, and the detail panel; state lives in the URL and the live model.
import "./styles/base.css"; // tokens, top bar, buttons
import "./styles/board.css"; // columns and cards
import "./styles/detail.css"; // detail panel, timeline, dialogs and toasts
import "./styles/insights.css";
import { ENUM_KEYS, type State } from "../../domain/enums.js";
import type { ServerMessage, TaskJson } from "../api-types.js";
import { Actions } from "./actions.js";
import { api, type ConnectionStatus, connectLive } from "./api.js";
import { BoardView } from "./board.js";
import { createTaskDialog } from "./create.js";
import { DetailPanel } from "./detail.js";
import { toast } from "./dialog.js";
import { h, replaceChildren } from "./dom.js";
import { type Filters, filterKey, hasFilters, readUrl, writeUrl } from "./filters.js";
import { renderInsights } from "./insights.js";
import { BoardModel, type LeaseJson } from "./model.js";

const state = readUrl();
const model = new BoardModel();
const actions = new Actions(model);
const root = document.getElementById("app")!;

const board = new BoardView(model, () => state, {
  open: (id, focusStates) => openDetail(id, focusStates),
  create: async (s) => {
    const id = await createTaskDialog(s, model, actions);
    if (id) {
      toast(`Created ${id}`);
      board.focusCard(id);
    }
  },
  move: (id, s) => void moveCard(id, s),
  loadMore: (s) => loadClosed(s as "done" | "canceled"),
  toggleColumn: (s) => {
    if (s === "done") state.showDone = !state.showDone;
    else state.showCanceled = !state.showCanceled;
    writeUrl(state);
    board.render();
  },
});

const detail = new DetailPanel(actions, () => {
  const id = state.task;
  state.task = "";
  writeUrl(state);
  if (id) board.focusCard(id);
});

async function moveCard(id: string, to: State): Promise<void> {
  const task = model.tasks.get(id);
  if (!task) return;
  const from = task.state;
  const started = performance.now();
  model.upsert({ ...task, state: to });
  const outcome = await actions.move(id, to, task.version);
  if (outcome === "failed") {
    const now = model.tasks.get(id);
    if (now && now.version === task.version) model.upsert({ ...now, state: from });
  }
  // drop → file written and the server's answer on the page (ms), and the server's own
  // share of it (Server-Timing), read by the scale test
  const request = performance
    .getEntriesByType("resource")
    .filter((e) => e.name.endsWith(`/api/tasks/${id}/state`))
    .at(-1) as PerformanceResourceTiming | undefined;
  const server = request?.serverTiming.find((t) => t.name === "app")?.duration;
  performance.clearResourceTimings();
  document.body.dataset.lastMove = `${id} ${outcome} ${Math.round(performance.now() - started)} ${server === undefined ? "" : Math.round(server)}`;
}

/** Fetches the next page of a done or canceled column (of the tasks matching the filters, if any). */
async function loadClosed(column: "done" | "canceled"): Promise<void> {
  const PAGE = 200;
  const key = filterKey(state.filters);
  const offset = key ? model.count(column, state.filters) : model.closedPrefix[column];
  const { data } = await api<TaskJson[]>(
    "GET",
    `/api/tasks?state=${column}&offset=${offset}&limit=${PAGE}${key ? `&${key}` : ""}`,
  );
  if (key && data.length < PAGE) model.closedExhausted[column] = key;
  if (!key) model.closedPrefix[column] += data.length;
  model.addPage(data);
}

function openDetail(id: string, focusStates = false): void {
  state.task = id;
  writeUrl(state);
  void detail.open(id, focusStates);
}

// ── header ────────────────────────────────────────────────────────────────────
const indicator = h(
  "div",
  { class: "connection connecting", role: "status", "aria-live": "polite" },
  h("span", { class: "dot" }),
  h("span", { class: "connection-text" }, "Connecting…"),
);
const agents = h("div", { class: "agents", "aria-label": "agents at work" });
const search = h("input", {
  type: "search",
  id: "filter",
  placeholder: "Filter tasks   /",
  "aria-label": "filter by text",
  autocomplete: "off",
});
search.value = state.filters.q;

function filterSelect(key: keyof Filters, label: string, values: readonly string[]): HTMLSelectElement {
  const select = h(
    "select",
    { "aria-label": label, "data-filter": key },
    h("option", { value: "" }, `any ${label}`),
    ...values.map((v) => h("option", { value: v }, v)),
  );
  select.value = state.filters[key];
  select.addEventListener("change", () => setFilter(key, select.value));
  return select;
}

const labelSelect = filterSelect("label", "label", []);
const clear = h(
  "button",
  { type: "button", class: "button ghost small", hidden: !hasFilters(state.filters) },
  "Clear",
);
const tabs = h(
  "nav",
  { class: "tabs" },
  h("button", { type: "button", "data-view": "board", class: "tab" }, "Board"),
  h("button", { type: "button", "data-view": "insights", class: "tab" }, "Insights"),
);
const filterBar = h(
  "div",
  { class: "filters" },
  search,
  filterSelect("kind", "kind", ENUM_KEYS.kind),
  filterSelect("priority", "priority", ENUM_KEYS.priority),
  filterSelect("executor", "executor", ENUM_KEYS.executor),
  labelSelect,
  clear,
);
const header = h(
  "header",
  { class: "topbar" },
  h(
    "div",
    { class: "brand" },
    h("span", { class: "logo" }, "▦"),
    h("span", {}, "Taskplain"),
    h("span", { class: "root", title: "repository" }),
  ),
  tabs,
  filterBar,
  agents,
  indicator,
);
const content = h("div", { class: "content" });
root.append(header, content);
detail.mount(document.body);

let searchTimer: number | undefined;
search.addEventListener("input", () => {
  window.clearTimeout(searchTimer);
  searchTimer = window.setTimeout(() => setFilter("q", search.value.trim()), 120);
});
clear.addEventListener("click", () => {
  state.filters = { q: "", kind: "", priority: "", label: "", executor: "" };
  search.value = "";
  for (const sel of filterBar.querySelectorAll("select")) sel.value = "";
  setFilter("q", "");
});
tabs.addEventListener("click", (e) => {
  const view = (e.target as HTMLElement).closest<HTMLElement>("[data-view]")?.dataset.view;
  if (view === "board" || view === "insights") {
    state.view = view;
    writeUrl(state, true);
    showView();
  }
});

function setFilter(key: keyof Filters, value: string): void {
  state.filters[key] = value;
  clear.hidden = !hasFilters(state.filters);
  writeUrl(state);
  if (state.view !== "board") return;
  board.render();
  // done and canceled are loaded page by page: fetch what matches the new filter
  if (!hasFilters(state.filters)) return;
  for (const column of ["done", "canceled"] as const) {
    const visible = column === "done" ? state.showDone : state.showCanceled;
    if (visible && model.loadedCount(column) < model.totals[column]) {
      loadClosed(column).catch((error) => toast((error as Error).message, "error"));
    }
  }
}

function showView(): void {
  for (const t of tabs.querySelectorAll<HTMLElement>(".tab"))
    t.setAttribute("aria-selected", String(t.dataset.view === state.view));
  filterBar.hidden = state.view !== "board";
  if (state.view === "board") {
    replaceChildren(content, board.el);
    board.render();
  } else {
    const insights = h("main", { class: "insights", id: "insights" });
    replaceChildren(content, insights);
    renderInsights(insights).catch((error) => toast(`Insights: ${(error as Error).message}`, "error"));
  }
}

function renderAgents(): void {
  const working = [...model.tasks.values()].filter((t) => t.state === "in-progress");
  const running = [...model.leases.values()].filter((l) => l.status !== "expired");
  const people = new Set([...working.flatMap((t) => t.assignees ?? []), ...running.map((l) => l.holder)]);
  replaceChildren(
    agents,
    h("span", { class: "agents-count" }, String(running.length)),
    ` agent${running.length === 1 ? "" : "s"} running · ${model.totals["in-progress"]} in progress · ${people.size} at work`,
  );
}

/** Leases live in git refs, not in tasks/: polled (and after every change the server pushes). */
let leaseTimer: number | undefined;
async function refreshLeases(): Promise<void> {
  window.clearTimeout(leaseTimer);
  try {
    const { data } = await api<{ leases: LeaseJson[] }>("GET", "/api/leases");
    const next = new Map(data.leases.map((l) => [l.task, l]));
    // only the cards whose lease changed are redrawn (keeps focus and open panels)
    const key = (l: LeaseJson | undefined) =>
      l ? `${l.holder} ${l.status} ${l.renewed_at} ${l.expires_at}` : "";
    const changed = new Set(
      [...new Set([...model.leases.keys(), ...next.keys()])].filter(
        (id) => key(model.leases.get(id)) !== key(next.get(id)),
      ),
    );
    model.leases = next;
    renderAgents();
    if (changed.size > 0 && state.view === "board") board.update(changed);
  } catch {
    // the connection indicator already says when the server is away
  }
  leaseTimer = window.setTimeout(() => void refreshLeases(), 15_000);
}

function setConnection(status: ConnectionStatus, retryInMs?: number): void {
  indicator.className = `connection ${status}`;
  const text = indicator.querySelector(".connection-text")!;
  text.textContent =
    status === "live"
      ? "Live"
      : status === "connecting"
        ? "Connecting…"
        : `Offline — retrying in ${Math.round((retryInMs ?? 0) / 1000)} s`;
  indicator.title =
    status === "live" ? "changes on disk appear within a second" : "the board's server is not reachable";
}

let started = false;
model.onChange((changed) => {
  renderAgents();
  if (changed === "all") {
    header.querySelector(".root")!.textContent = model.root;
    const current = labelSelect.value;
    replaceChildren(
      labelSelect,
      h("option", { value: "" }, "any label"),
      ...model.labels().map((l) => h("option", { value: l }, l)),
    );
    labelSelect.value = current || state.filters.label;
    if (state.view === "board") board.render();
  } else if (state.view === "board") {
    board.update(changed);
  }
  const open = detail.openId;
  if (open && (changed === "all" || changed.has(open)))
    void detail.refreshIfChanged(model.tasks.get(open)?.version);
});

const live = connectLive((message: ServerMessage) => {
  if (!started) performance.mark("taskplain:snapshot-received");
  model.apply(message);
  if (!started && message.type === "snapshot") {
    started = true;
    // time from navigation start to a usable board (ms), read by the scale test
    performance.mark("taskplain:board-ready");
    document.body.dataset.ready = String(Math.round(performance.now()));
    if (state.task) openDetail(state.task);
    void refreshLeases();
  }
}, setConnection);

document.addEventListener("keydown", (e) => {
  const typing = (e.target as HTMLElement).closest("input, textarea, select, [contenteditable], dialog");
  if (e.key === "/" && !typing) {
    e.preventDefault();
    if (state.view !== "board") {
      state.view = "board";
      writeUrl(state, true);
      showView();
    }
    search.focus();
    search.select();
  } else if (e.key === "Escape" && e.target === search) {
    search.blur();
    (board.el.querySelector(".card") as HTMLElement | null)?.focus();
  }
});
// Back to the page after a while away: the server stats every file once, in case its
// watcher missed a change (it answers only with what changed; throttled on its side).
const AWAY_MS = 10_000;
let awaySince: number | undefined;
const leave = () => {
  awaySince ??= performance.now();
};
const back = () => {
  if (awaySince !== undefined && performance.now() - awaySince >= AWAY_MS) live.send({ type: "check" });
  awaySince = undefined;
};
document.addEventListener("visibilitychange", () =>
  document.visibilityState === "visible" ? back() : leave(),
);
window.addEventListener("blur", leave);
window.addEventListener("focus", back);
window.addEventListener("popstate", () => {
  Object.assign(state, readUrl());
  showView();
});

showView();
