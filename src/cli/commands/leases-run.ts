// claim, release and leases: call the lease service and print its view (JSON as is,
// humans a line or a table readable at a glance).
import { describeExpiry } from "../../domain/leases.js";
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

export async function runLeases(ctx: Ctx, opts: Record<string, unknown>): Promise<void> {
  const view = await listLeases(ctx.workspace(), {
    all: Boolean(opts.all),
    remote: text(opts.remote),
  });
  if (ctx.output === "json") return printJson(ctx, view);
  const { renderLeases } = await import("../ui/leases.js");
  const { viewOf } = await import("../ui/format.js");
  ctx.io.out(renderLeases(view, viewOf(ctx), Boolean(opts.all)));
  const { c } = ctx;
  for (const bad of view.invalid)
    ctx.io.err(
      `${c.yellow("warning:")} unreadable lease ${bad.path}: ${bad.problem} (taskplain release ${bad.task} --force clears it)\n`,
    );
}
