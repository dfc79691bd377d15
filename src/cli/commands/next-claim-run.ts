// `next --claim`: rank, claim atomically, print what was claimed (and why others were skipped).
import type { RankOptions } from "../../domain/ranking.js";
import { renderTable } from "../../domain/table.js";
import { formatDuration } from "../../domain/units.js";
import { nextWithClaim } from "../../services/claim-flows.js";
import type { Ctx } from "../context.js";
import { clip, printJson, tableBlock } from "../output.js";
import { reportBroken } from "./shared.js";

/** The lease options of `next --claim`. */
export interface NextClaimFlags {
  holder?: string;
  ttl?: string;
  tool?: string;
  model?: string;
  remote?: string;
}

export async function runNextClaim(ctx: Ctx, rank: RankOptions, opts: NextClaimFlags): Promise<number> {
  const { view: result, broken } = await nextWithClaim(ctx.workspace(), {
    rank,
    holder: opts.holder,
    ttl: opts.ttl,
    tool: opts.tool,
    model: opts.model,
    remote: opts.remote,
  });
  reportBroken(ctx, broken);
  if (ctx.output === "json") {
    printJson(ctx, result);
    return 0;
  }
  if (ctx.output === "plain") {
    ctx.io.out(result.tasks.map((t) => `${t.id}\n`).join(""));
    return 0;
  }
  const { c } = ctx;
  if (result.tasks.length === 0) {
    ctx.io.out("Nothing to claim: no ready task is free and passes the checks.\n");
  } else {
    const rows = result.tasks.map((t, i) => [
      String(i + 1),
      t.id,
      t.priority,
      t.size,
      clip(t.title, 50),
      `for ${formatDuration(t.lease.expires_in_seconds)}`,
    ]);
    ctx.io.out(tableBlock(renderTable(["#", "ID", "PRIORITY", "SIZE", "TITLE", "CLAIMED"], rows)));
    ctx.io.out(c.dim(`claimed for ${result.holder}\n`));
  }
  const leased = result.skipped.filter((s) => s.code === "lease" || s.code === "done_elsewhere");
  for (const s of leased.slice(0, 15)) ctx.io.out(`  ${s.id} ${c.dim(`— ${clip(s.reason, 110)}`)}\n`);
  return 0;
}
