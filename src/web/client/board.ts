// The columns (board.md "Columns"): cards per state in list order, counts, "add task"
// in each header, drag and drop between columns, and keyboard navigation. Changes are
// applied card by card so a live update or a move does not rebuild thousands of cards.

import { STATES, type State } from "../../domain/enums.js";
import type { TaskJson } from "../api-types.js";
import { renderCard } from "./card.js";
import { h, replaceChildren } from "./dom.js";
import { filterKey, hasFilters, type ViewState } from "./filters.js";
import { type BoardModel, compareTasks, matchesFilters } from "./model.js";

/** Cards rendered per column before a "show more" button (keeps 10,000-task boards quick). */
const RENDER_STEP = 100;

export const STATE_LABELS: Record<State, string> = {
  idea: "Idea",
  ready: "Ready",
  "in-progress": "In progress",
  done: "Done",
  canceled: "Canceled",
};

export interface BoardActions {
  open(id: string, focusStates?: boolean): void;
  create(state: State): void;
  move(id: string, state: State): void;
  loadMore(state: State): Promise<void>;
  toggleColumn(state: "done" | "canceled"): void;
}

export class BoardView {
  readonly el = h("main", { class: "board", id: "board" });
  private readonly cards = new Map<string, HTMLElement>();
  private readonly lists = new Map<State, HTMLElement>();
  private readonly limits = new Map<State, number>();
  private readonly expanded = new Set<string>();

  constructor(
    private readonly model: BoardModel,
    private readonly view: () => ViewState,
    private readonly actions: BoardActions,
  ) {
    this.el.addEventListener("click", (e) => this.onClick(e));
    this.el.addEventListener("keydown", (e) => this.onKey(e));
    this.el.addEventListener("dragstart", (e) => {
      const card = (e.target as HTMLElement).closest<HTMLElement>(".card");
      if (!card || !e.dataTransfer) return;
      e.dataTransfer.setData("text/plain", card.dataset.id!);
      e.dataTransfer.effectAllowed = "move";
      card.classList.add("dragging");
    });
    this.el.addEventListener("dragend", (e) => {
      (e.target as HTMLElement).closest(".card")?.classList.remove("dragging");
      for (const c of this.el.querySelectorAll(".drop-target")) c.classList.remove("drop-target");
    });
  }

  private columnVisible(state: State): boolean {
    const v = this.view();
    return !(state === "done" && !v.showDone) && !(state === "canceled" && !v.showCanceled);
  }

  /** Rebuilds every column. */
  render(): void {
    this.cards.clear();
    this.lists.clear();
    replaceChildren(this.el, ...STATES.map((state) => this.renderColumn(state)));
  }

  private renderColumn(state: State): HTMLElement {
    const visible = this.columnVisible(state);
    const tasks = visible ? this.model.column(state, this.view().filters) : [];
    const limit = this.limits.get(state) ?? RENDER_STEP;
    const list = h("div", { class: "column-cards", "data-state": state });
    this.lists.set(state, list);
    for (const t of tasks.slice(0, limit)) list.append(this.cardFor(t));
    const column = h(
      "section",
      {
        class: `column column-${state}${visible ? "" : " collapsed"}`,
        "data-state": state,
        "aria-label": STATE_LABELS[state],
      },
      h(
        "header",
        { class: "column-header" },
        h("span", { class: "state-dot" }),
        h("h2", {}, STATE_LABELS[state]),
        h(
          "span",
          { class: "count", "data-count": state },
          visible ? this.countText(state, tasks.length) : String(this.model.totals[state]),
        ),
        state === "done" || state === "canceled"
          ? h(
              "button",
              {
                class: "icon-button",
                type: "button",
                "data-toggle-column": state,
                title: visible ? "hide" : "show",
              },
              visible ? "–" : "+",
            )
          : h(
              "button",
              {
                class: "icon-button add",
                type: "button",
                "data-create": state,
                title: `add a task to ${STATE_LABELS[state]}`,
              },
              "+",
            ),
      ),
      visible ? list : null,
      visible ? this.moreButton(state, tasks.length, limit) : null,
    );
    column.addEventListener("dragover", (e) => {
      e.preventDefault();
      column.classList.add("drop-target");
    });
    column.addEventListener("dragleave", (e) => {
      if (!column.contains(e.relatedTarget as Node)) column.classList.remove("drop-target");
    });
    column.addEventListener("drop", (e) => {
      e.preventDefault();
      column.classList.remove("drop-target");
      const id = e.dataTransfer?.getData("text/plain");
      if (id && this.model.tasks.get(id)?.state !== state) this.actions.move(id, state);
    });
    return column;
  }

  private countText(state: State, shown: number): string {
    const total = this.model.totals[state];
    return shown === total ? String(total) : `${shown} / ${total}`;
  }

  private moreButton(state: State, matching: number, limit: number): HTMLElement | null {
    if (matching > limit) {
      return h(
        "button",
        { class: "more", type: "button", "data-more": state },
        `Show ${Math.min(RENDER_STEP, matching - limit)} more`,
      );
    }
    if (state !== "done" && state !== "canceled") return null;
    const filters = this.view().filters;
    if (hasFilters(filters)) {
      const all = this.model.loadedCount(state) >= this.model.totals[state];
      if (all || this.model.closedExhausted[state] === filterKey(filters)) return null;
      return h("button", { class: "more", type: "button", "data-load": state }, "Load more matching");
    }
    const unloaded = this.model.totals[state] - this.model.closedPrefix[state];
    if (unloaded > 0) {
      return h(
        "button",
        { class: "more", type: "button", "data-load": state },
        `Load more (${unloaded} not loaded)`,
      );
    }
    return null;
  }

  private cardFor(task: TaskJson): HTMLElement {
    const card = renderCard(task, this.model, this.expanded.has(task.id));
    this.cards.set(task.id, card);
    return card;
  }

  /** Re-renders the cards of the changed tasks (and their parents) in place. */
  update(ids: Set<string>): void {
    const touched = new Set(ids);
    for (const id of ids) {
      const t = this.model.tasks.get(id);
      const parent = t && this.model.parentOf(t);
      if (parent) touched.add(parent.id);
    }
    const focused = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>(".card")?.dataset.id;
    for (const id of touched) {
      this.cards.get(id)?.remove();
      this.cards.delete(id);
      const task = this.model.tasks.get(id);
      if (!task || !this.columnVisible(task.state) || !matchesFilters(task, this.view().filters)) continue;
      const list = this.lists.get(task.state)!;
      const card = this.cardFor(task);
      const next = [...list.children].find((el) => {
        const other = this.model.tasks.get((el as HTMLElement).dataset.id!);
        return other && compareTasks(task, other) < 0;
      });
      const limit = this.limits.get(task.state) ?? RENDER_STEP;
      if (next) list.insertBefore(card, next);
      else if (list.children.length < limit) list.append(card);
      else this.cards.delete(id);
      if (id === focused) card.focus();
    }
    const counts = this.model.counts(this.view().filters);
    for (const state of STATES) {
      const count = this.el.querySelector(`[data-count="${state}"]`);
      if (!count) continue;
      count.textContent = this.columnVisible(state)
        ? this.countText(state, counts[state])
        : String(this.model.totals[state]);
    }
  }

  focusCard(id: string): void {
    this.cards.get(id)?.focus();
  }

  private onClick(e: MouseEvent): void {
    const target = e.target as HTMLElement;
    const data = target.closest<HTMLElement>("button")?.dataset ?? {};
    if (data.create) {
      this.actions.create(data.create as State);
    } else if (data.toggleColumn) {
      this.actions.toggleColumn(data.toggleColumn as "done" | "canceled");
    } else if (data.more) {
      const state = data.more as State;
      this.limits.set(state, (this.limits.get(state) ?? RENDER_STEP) + RENDER_STEP);
      this.render();
    } else if (data.load) {
      target.closest("button")?.setAttribute("disabled", "");
      void this.actions.loadMore(data.load as State);
    } else if (data.toggleChildren) {
      const id = data.toggleChildren;
      if (this.expanded.has(id)) this.expanded.delete(id);
      else this.expanded.add(id);
      this.update(new Set([id]));
      this.focusCard(id);
    } else {
      const open = target.closest<HTMLElement>("[data-open]")?.dataset.open;
      const card = target.closest<HTMLElement>(".card")?.dataset.id;
      if (open ?? card) this.actions.open((open ?? card)!);
    }
  }

  private onKey(e: KeyboardEvent): void {
    const card = (e.target as HTMLElement).closest<HTMLElement>(".card");
    if (!card || e.target !== card) return;
    const id = card.dataset.id!;
    if (e.key === "Enter") {
      e.preventDefault();
      this.actions.open(id);
    } else if (e.key === "m") {
      e.preventDefault();
      this.actions.open(id, true);
    } else if (e.key.startsWith("Arrow")) {
      e.preventDefault();
      this.moveFocus(card, e.key);
    }
  }

  private moveFocus(card: HTMLElement, key: string): void {
    const list = card.parentElement!;
    const siblings = [...list.children] as HTMLElement[];
    const index = siblings.indexOf(card);
    if (key === "ArrowDown" || key === "ArrowUp") {
      siblings[index + (key === "ArrowDown" ? 1 : -1)]?.focus();
      return;
    }
    const lists = [...this.lists.values()].filter((l) => l.isConnected && l.children.length > 0);
    const at = lists.indexOf(list) + (key === "ArrowRight" ? 1 : -1);
    const other = lists[at];
    if (!other) return;
    (other.children[Math.min(index, other.children.length - 1)] as HTMLElement).focus();
  }
}
