// The detail panel (board.md "Detail view"): rendered body with clickable checkboxes,
// metadata editing, raw body editing, the state menu, complete/cancel/delete with
// confirmation, and the attempts timeline.
import { STATES, type State } from "../../domain/enums.js";
import type { TaskDetailJson } from "../api-types.js";
import type { Actions } from "./actions.js";
import { api } from "./api.js";
import { STATE_LABELS } from "./board.js";
import { chip, progressBar } from "./card.js";
import { confirmAction, modal, toast } from "./dialog.js";
import { ago, h, replaceChildren } from "./dom.js";
import { renderMarkdown, setCheckbox } from "./markdown.js";
import { metaForm } from "./meta-form.js";
import { renderTimeline } from "./timeline.js";

export class DetailPanel {
  readonly el = h("aside", { class: "detail", hidden: true, "aria-label": "task detail", tabindex: -1 });
  private readonly backdrop = h("div", { class: "backdrop", hidden: true });
  private task: TaskDetailJson | null = null;
  private editing = false;
  private dirty = false;

  constructor(
    private readonly actions: Actions,
    private readonly onClose: () => void,
  ) {
    this.backdrop.addEventListener("click", () => this.close());
    this.el.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !(e.target as HTMLElement).closest("dialog")) {
        e.preventDefault();
        this.close();
      }
    });
    actions.onStale = (fresh) => {
      if (this.task?.id === fresh.id) this.show(fresh);
    };
  }

  mount(parent: HTMLElement): void {
    parent.append(this.backdrop, this.el);
  }

  get openId(): string | null {
    return this.el.hidden ? null : (this.task?.id ?? null);
  }

  /** Loads and shows task `id`; with `focusStates` the state menu takes the focus (key `m`). */
  async open(id: string, focusStates = false): Promise<void> {
    this.el.hidden = false;
    this.backdrop.hidden = false;
    try {
      const { data } = await api<TaskDetailJson>("GET", `/api/tasks/${id}`);
      this.editing = false;
      this.show(data);
      const target = focusStates
        ? this.el.querySelector<HTMLElement>(".state-menu button[aria-checked='true']")
        : this.el;
      target?.focus();
    } catch (error) {
      toast((error as Error).message, "error");
      this.close();
    }
  }

  close(): void {
    if (this.el.hidden) return;
    this.el.hidden = true;
    this.backdrop.hidden = true;
    this.task = null;
    this.onClose();
  }

  /** Called when the live stream reports a new version of the open task. */
  /**
   * Our own writes in flight: each ends by showing the task as the server then has it,
   * so the changes they cause are not also re-fetched and re-rendered meanwhile (that
   * would redraw the form under the user's hands).
   */
  private writing = 0;

  private async whileWriting(fn: () => Promise<unknown>): Promise<void> {
    this.writing++;
    try {
      await fn();
    } finally {
      this.writing--;
    }
  }

  async refreshIfChanged(version: string | undefined): Promise<void> {
    const t = this.task;
    if (!t || this.el.hidden || version === t.version || this.writing > 0) return;
    if (version === undefined) {
      toast(`${t.id} was deleted`, "warn");
      this.close();
      return;
    }
    if (this.dirty) {
      this.el.querySelector(".stale-banner")?.removeAttribute("hidden");
      return;
    }
    const { data } = await api<TaskDetailJson>("GET", `/api/tasks/${t.id}`);
    if (this.task?.id === data.id && this.task.version !== data.version && this.writing === 0)
      this.show(data);
  }

  private async reload(): Promise<void> {
    if (!this.task) return;
    const { data } = await api<TaskDetailJson>("GET", `/api/tasks/${this.task.id}`);
    this.show(data);
  }

  private show(task: TaskDetailJson): void {
    this.task = task;
    this.dirty = false;
    const attempts = task.execution?.attempts ?? [];
    const updatedAgo = ago(task.updated_at); // empty for a task without any timestamp
    replaceChildren(
      this.el,
      h(
        "header",
        { class: "detail-header" },
        h(
          "div",
          { class: "detail-chips" },
          chip(task.kind, `kind-${task.kind}`),
          chip(task.priority, `prio-${task.priority}`),
          chip(task.size, "size"),
          task.blocked ? chip("blocked", "blocked", task.blocked) : null,
        ),
        h(
          "button",
          { class: "icon-button close", type: "button", "aria-label": "close", "data-close": "" },
          "×",
        ),
        h("h2", { class: "detail-title" }, task.title),
        h(
          "div",
          { class: "detail-sub" },
          h("code", {}, task.id),
          " · ",
          task.path,
          updatedAgo ? ` · updated ${updatedAgo} ago` : "",
        ),
      ),
      h(
        "div",
        { class: "stale-banner", hidden: true, role: "alert" },
        "This task changed on disk. ",
        h("button", { type: "button", class: "link", "data-reload": "" }, "Show the new version"),
      ),
      this.stateMenu(task),
      h(
        "div",
        { class: "detail-actions" },
        task.state !== "done"
          ? h("button", { type: "button", class: "button primary", "data-action": "complete" }, "Complete")
          : null,
        task.state !== "canceled"
          ? h("button", { type: "button", class: "button ghost", "data-action": "cancel" }, "Cancel task")
          : null,
        h("button", { type: "button", class: "button danger-ghost", "data-action": "delete" }, "Delete"),
      ),
      task.blocked ? h("div", { class: "card-blocked" }, h("strong", {}, "Blocked: "), task.blocked) : null,
      progressBar(task.acceptance.checked, task.acceptance.total),
      task.parent || task.children.length > 0
        ? h(
            "div",
            { class: "detail-family" },
            task.parent
              ? h(
                  "div",
                  {},
                  "Parent: ",
                  h(
                    "button",
                    { type: "button", class: "link", "data-goto": task.parent.id },
                    task.parent.title,
                  ),
                )
              : null,
            ...task.children.map((c) =>
              h(
                "div",
                { class: `child state-${c.state}` },
                h("span", { class: "state-dot" }),
                h("button", { type: "button", class: "link", "data-goto": c.id }, c.title),
              ),
            ),
          )
        : null,
      attempts.length > 0
        ? h(
            "section",
            { class: "detail-section" },
            h("h3", {}, `Execution · ${attempts.length} attempt${attempts.length === 1 ? "" : "s"}`),
            renderTimeline(attempts),
          )
        : null,
      this.bodySection(task),
      h(
        "section",
        { class: "detail-section" },
        h("h3", {}, "Metadata"),
        metaForm(task, (changes) => this.saveMeta(changes)).el,
      ),
    );
    this.el.onclick = (e) => this.onClick(e);
  }

  private stateMenu(task: TaskDetailJson): HTMLElement {
    const menu = h(
      "div",
      { class: "state-menu", role: "radiogroup", "aria-label": "state" },
      ...STATES.map((state) =>
        h(
          "button",
          {
            type: "button",
            role: "radio",
            "aria-checked": String(state === task.state),
            "data-state": state,
            class: `state-option state-${state}`,
          },
          h("span", { class: "state-dot" }),
          STATE_LABELS[state],
        ),
      ),
    );
    menu.addEventListener("keydown", (e) => {
      const buttons = [...menu.querySelectorAll<HTMLButtonElement>("button")];
      const i = buttons.indexOf(e.target as HTMLButtonElement);
      if (e.key === "ArrowRight" || e.key === "ArrowDown") buttons[(i + 1) % buttons.length]!.focus();
      else if (e.key === "ArrowLeft" || e.key === "ArrowUp")
        buttons[(i - 1 + buttons.length) % buttons.length]!.focus();
      else return;
      e.preventDefault();
    });
    return menu;
  }

  private bodySection(task: TaskDetailJson): HTMLElement {
    const section = h("section", { class: "detail-section body-section" });
    const toggle = h(
      "button",
      { type: "button", class: "button ghost small", "data-edit-body": "" },
      this.editing ? "Preview" : "Edit body",
    );
    if (this.editing) {
      const area = h("textarea", {
        class: "body-editor",
        spellcheck: "false",
        "aria-label": "task body (Markdown)",
      });
      area.value = task.body;
      area.addEventListener("input", () => {
        this.dirty = area.value !== task.body;
      });
      const save = h(
        "button",
        { type: "button", class: "button primary", "data-save-body": "" },
        "Save body",
      );
      section.append(
        h("div", { class: "section-head" }, h("h3", {}, "Body"), toggle),
        area,
        h("div", { class: "form-actions" }, save),
      );
      return section;
    }
    const rendered = h("div", { class: "markdown" });
    const boxes = renderMarkdown(rendered, task.body);
    for (const box of boxes) {
      box.addEventListener("change", () => void this.tick(Number(box.dataset.index), box.checked));
    }
    section.append(h("div", { class: "section-head" }, h("h3", {}, "Body"), toggle), rendered);
    return section;
  }

  private async tick(index: number, checked: boolean): Promise<void> {
    const t = this.task!;
    const body = setCheckbox(t.body, index, checked);
    await this.whileWriting(async () => {
      if ((await this.actions.patch(t.id, t.version, { body })) === "ok") await this.reload();
    });
  }

  private async saveMeta(meta: Record<string, unknown>): Promise<void> {
    const t = this.task!;
    await this.whileWriting(async () => {
      if ((await this.actions.patch(t.id, t.version, { meta })) === "ok") {
        toast(`Saved ${Object.keys(meta).join(", ")}`);
        await this.reload();
      }
    });
  }

  private async moveTo(state: State): Promise<void> {
    const t = this.task!;
    if (state === t.state) return;
    await this.whileWriting(async () => {
      if ((await this.actions.move(t.id, state, t.version)) === "ok") {
        await this.reload();
        this.el.querySelector<HTMLElement>(`.state-menu [data-state="${state}"]`)?.focus();
      }
    });
  }

  private async complete(): Promise<void> {
    const t = this.task!;
    const input = h("input", { type: "text", name: "commit_message", placeholder: "feat: …", class: "wide" });
    input.value = t.commit_message ?? "";
    const answer = await modal(
      `Complete “${t.title}”?`,
      [
        h("p", {}, "Needs a commit message, a Changelog bullet and every acceptance criterion checked."),
        h("label", { class: "field" }, h("span", {}, "commit message"), input),
      ],
      [{ label: "Complete", value: "ok" }],
    );
    if (answer !== "ok") return;
    const message = input.value.trim();
    await this.whileWriting(async () => {
      let version = t.version;
      if (message && message !== t.commit_message) {
        if ((await this.actions.patch(t.id, version, { meta: { commit_message: message } })) !== "ok") return;
        const { data } = await api<TaskDetailJson>("GET", `/api/tasks/${t.id}`);
        version = data.version;
        this.task = data;
      }
      if ((await this.actions.move(t.id, "done", version)) === "ok") toast(`${t.id} is done`);
      await this.reload();
    });
  }

  private async onClick(e: MouseEvent): Promise<void> {
    const target = (e.target as HTMLElement).closest<HTMLElement>("button");
    const t = this.task;
    if (!target || !t) return;
    if (target.hasAttribute("data-close")) return this.close();
    if (target.hasAttribute("data-reload")) return this.reload();
    if (target.dataset.goto) return this.open(target.dataset.goto);
    if (target.closest(".state-menu") && target.dataset.state)
      return this.moveTo(target.dataset.state as State);
    if (target.hasAttribute("data-edit-body")) {
      this.editing = !this.editing;
      return this.show(t);
    }
    if (target.hasAttribute("data-save-body")) {
      const area = this.el.querySelector<HTMLTextAreaElement>(".body-editor")!;
      return this.whileWriting(async () => {
        if ((await this.actions.patch(t.id, t.version, { body: area.value })) === "ok") {
          this.editing = false;
          toast("Body saved");
          await this.reload();
        }
      });
    }
    const action = target.dataset.action;
    if (action === "complete") return this.complete();
    if (
      action === "cancel" &&
      (await confirmAction("Cancel this task?", `“${t.title}” moves to Canceled.`, "Cancel task", true))
    ) {
      return this.moveTo("canceled");
    }
    if (
      action === "delete" &&
      (await confirmAction(
        "Delete this task?",
        `The file ${t.path} is removed and its id taken out of its parent's children. This cannot be undone from the board.`,
        "Delete",
        true,
      ))
    ) {
      if ((await this.actions.remove(t.id, t.version)) === "ok") {
        toast(`Deleted ${t.id}`);
        this.close();
      }
    }
  }
}
