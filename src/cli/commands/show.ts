import { formatDuration } from "../../domain/telemetry.js";
import type { ShowResult } from "../../services/show.js";
import type { Ctx } from "../context.js";
import { printJson, progress } from "../output.js";
import type { RegisterCommand } from "../registrar.js";

export const registerShow: RegisterCommand = (program, r) => {
  program
    .command("show")
    .description("show one task: metadata, body, parent, children and telemetry")
    .argument("<id>", "task id")
    .addHelpText(
      "after",
      "\nExamples:\n  taskplain show fix-navbar\n  taskplain show fix-navbar --output json | jq .execution_summary",
    )
    .action(
      r.action(async (ctx, _opts, args) => {
        const { showTask } = await import("../../services/show.js");
        const result = await showTask(ctx.workspace(), String(args[0]));
        if (ctx.output === "json") return printJson(ctx, result.view);
        printShow(ctx, result);
      }),
    );
};

function printShow(ctx: Ctx, result: ShowResult): void {
  const obj = result.view;
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
  ctx.io.out(
    `${lines.join("\n")}\n${result.record.body.startsWith("\n") ? "" : "\n"}${result.record.body}${result.record.body.endsWith("\n") ? "" : "\n"}`,
  );
}
