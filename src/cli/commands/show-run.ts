import { leanBody } from "../../domain/body-agent.js";
import { formatDuration } from "../../domain/telemetry.js";
import { showObject, showTask } from "../../services/show.js";
import { type Ctx, rootOf } from "../context.js";
import { printJson, progress } from "../output.js";

export async function runShow(ctx: Ctx, id: string): Promise<number> {
  const root = rootOf(ctx);
  const result = await showTask(root, id);
  const obj = showObject(result);
  if (ctx.output === "json") {
    printJson(ctx, obj);
    return 0;
  }
  const { c } = ctx;
  const t = result.record.task;
  const ac = obj.acceptance as { checked: number; total: number };
  const lines = [
    `${c.bold(t.title)}  ${c.dim(`${t.kind} ${t.id}`)}`,
    `${c.dim("state")} ${t.state}  ${c.dim("priority")} ${t.priority}  ${c.dim("size")} ${t.size}  ${c.dim("ambiguity")} ${t.ambiguity}  ${c.dim("executor")} ${t.executor}  ${c.dim("isolation")} ${t.isolation}`,
  ];
  if (t.blocked) lines.push(`${c.red("blocked:")} ${t.blocked}`);
  if (result.parent)
    lines.push(
      `${c.dim("parent")} ${result.parent.task.id} — ${result.parent.task.title} (${result.parent.task.state})`,
    );
  for (const child of result.children)
    lines.push(`${c.dim("child")}  ${child.task.id} — ${child.task.title} (${child.task.state})`);
  if (t.touches.length) lines.push(`${c.dim("touches")} ${t.touches.join(", ")}`);
  if (t.depends_on.length) lines.push(`${c.dim("depends on")} ${t.depends_on.join(", ")}`);
  if (t.labels.length) lines.push(`${c.dim("labels")} ${t.labels.join(", ")}`);
  if (t.commit_message) lines.push(`${c.dim("commit")} ${t.commit_message}`);
  lines.push(
    `${c.dim("criteria")} ${progress(ac.checked, ac.total)}  ${c.dim("path")} ${result.record.ref.relPath}  ${c.dim("version")} ${result.record.version}`,
  );
  const summary = obj.execution_summary as null | {
    attempts: number;
    retries: number;
    execution_seconds: number;
    wall_clock_seconds: number;
    final_status: string;
    models: string[];
  };
  if (summary) {
    lines.push(
      `${c.dim("telemetry")} ${summary.attempts} attempt${summary.attempts === 1 ? "" : "s"} · ${summary.final_status} · ${formatDuration(summary.execution_seconds)} working over ${formatDuration(summary.wall_clock_seconds)}${summary.models.length ? ` · ${summary.models.join(", ")}` : ""}`,
    );
  }
  if (obj.errors) for (const e of obj.errors as string[]) lines.push(`${c.red("invalid:")} ${e}`);
  // The lean body: no template comments, no empty sections (agents.md); JSON keeps the raw body.
  const body = leanBody(result.record.body);
  ctx.io.out(`${lines.join("\n")}\n${body ? `\n${body}\n` : ""}`);
  return 0;
}
