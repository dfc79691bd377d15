// The board's filter and view live in the URL (board.md "Filter"), so a link or a
// reload shows the same board.

export interface Filters {
  q: string;
  kind: string;
  priority: string;
  label: string;
  executor: string;
}

export interface ViewState {
  view: "board" | "insights";
  filters: Filters;
  /** id of the task open in the detail panel */
  task: string;
  showDone: boolean;
  showCanceled: boolean;
}

const FILTER_KEYS = ["q", "kind", "priority", "label", "executor"] as const;

export function readUrl(): ViewState {
  const p = new URLSearchParams(location.search);
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, p.get(k) ?? ""])) as unknown as Filters;
  return {
    view: p.get("view") === "insights" ? "insights" : "board",
    filters,
    task: p.get("task") ?? "",
    showDone: p.get("done") !== "hide",
    showCanceled: p.get("canceled") === "show",
  };
}

export function writeUrl(state: ViewState, push = false): void {
  const p = new URLSearchParams();
  if (state.view === "insights") p.set("view", "insights");
  for (const k of FILTER_KEYS) if (state.filters[k]) p.set(k, state.filters[k]);
  if (state.task) p.set("task", state.task);
  if (!state.showDone) p.set("done", "hide");
  if (state.showCanceled) p.set("canceled", "show");
  const query = p.toString();
  const url = `${location.pathname}${query ? `?${query}` : ""}`;
  if (url === `${location.pathname}${location.search}`) return;
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
}

export const hasFilters = (f: Filters): boolean => FILTER_KEYS.some((k) => f[k] !== "");

/** The filters as a URL query (`q=…&kind=…`), also the key of a filtered fetch. */
export function filterKey(f: Filters): string {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k]) p.set(k, f[k]);
  return p.toString();
}
