// claim, release and leases: call the lease service and print its view (JSON as is,
// humans a line or a table readable at a glance).
import { describeExpiry, type LeaseView } from "../../domain/leases.js";
import { renderTable } from "../../domain/table.js";
import { formatDuration } from "../../domain/units.js";
import { claimTask, listLeases, releaseTask } from "../../services/leases.js";
import type { Ctx } from "../context.js";
import { printJson } from "../output.js";

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

function dryRunPrefix(ctx: Ctx, dryRun: boolean | undefined): string {
  return dryRun ? ctx.c.yellow("dry run: ") : "";
}

function printChanges(ctx: Ctx, view: { dry_run?: true; changes: { op: string; path: string }[] }): void {
  if (!view.dry_run && !ctx.io.env.TASKPLAIN_VERBOSE) return;
  for (const ch of view.changes) ctx.io.out(`  ${ctx.c.dim(`${ch.op.padEnd(6)} ${ch.path}`)}\n`);
}

export async function runClaim(ctx: Ctx, id: string, opts: Record<string, unknown>): Promise<void> {
  const outcome = await claimTask(ctx.workspace(), {
    id,
    holder: text(opts.holder),
    ttl: text(opts.ttl),
    tool: text(opts.tool),
    model: text(opts.model),
    remote: text(opts.remote),
    dryRun: Boolean(opts.dryRun),
  });
  const view = outcome.view;
  if (ctx.output === "json") return printJson(ctx, view);
  const { lease } = view;
  const verb = { acquired: "Claimed", renewed: "Renewed", taken_over: "Took over" }[view.action];
  const from = view.previous ? ` from ${view.previous.holder} (${describeExpiry(view.previous)})` : "";
  ctx.io.out(
    `${dryRunPrefix(ctx, view.dry_run)}${ctx.c.bold(`${verb} ${lease.task}`)}${from} for ${lease.holder} until ${lease.expires_at} (${describeExpiry(lease)}, generation ${lease.generation})\n`,
  );
  printChanges(ctx, view);
}

export async function runRelease(ctx: Ctx, id: string, opts: Record<string, unknown>): Promise<void> {
  const view = await releaseTask(ctx.workspace(), {
    id,
    holder: text(opts.holder),
    force: Boolean(opts.force),
    remote: text(opts.remote),
    dryRun: Boolean(opts.dryRun),
  });
  if (ctx.output === "json") return printJson(ctx, view);
  const was = view.released;
  const line = !was
    ? `Cleared the unreadable lease on ${id}`
    : view.forced
      ? `Broke ${was.holder}'s lease on ${id} (held for ${formatDuration(was.age_seconds)})`
      : `Released ${id} (held for ${formatDuration(was.age_seconds)})`;
  ctx.io.out(`${dryRunPrefix(ctx, view.dry_run)}${line}\n`);
  printChanges(ctx, view);
}

function toolAndModel(lease: LeaseView): string {
  return [lease.tool, lease.model].filter(Boolean).join(" / ") || "-";
}

export async function runLeases(ctx: Ctx, opts: Record<string, unknown>): Promise<void> {
  const view = await listLeases(ctx.workspace(), {
    all: Boolean(opts.all),
    remote: text(opts.remote),
  });
  if (ctx.output === "json") return printJson(ctx, view);
  const { c } = ctx;
  const where = view.remote ? ` (from ${view.remote})` : "";
  if (view.leases.length === 0) {
    ctx.io.out(`no ${opts.all ? "" : "live "}leases${where}\n`);
  } else {
    const paint = (lease: LeaseView, s: string) =>
      lease.status === "live" ? s : lease.status === "expiring" ? c.yellow(s) : c.dim(s);
    const rows = view.leases.map((l) => [
      l.task,
      l.holder,
      toolAndModel(l),
      formatDuration(l.age_seconds),
      `${formatDuration(l.heartbeat_age_seconds)} ago`,
      paint(l, l.status === "live" ? formatDuration(l.expires_in_seconds) : describeExpiry(l)),
    ]);
    const table = renderTable(["TASK", "HOLDER", "TOOL / MODEL", "AGE", "HEARTBEAT", "EXPIRES IN"], rows, [
      "left",
      "left",
      "left",
      "right",
      "right",
      "right",
    ]);
    const live = view.leases.filter((l) => l.status !== "expired").length;
    const expired = view.leases.length - live;
    ctx.io.out(`${table}\n`);
    ctx.io.out(c.dim(`${live} live${opts.all ? `, ${expired} expired` : ""}${where}\n`));
  }
  for (const bad of view.invalid)
    ctx.io.err(
      `${c.yellow("warning:")} unreadable lease ${bad.path}: ${bad.problem} (taskplain release ${bad.task} --force clears it)\n`,
    );
}
