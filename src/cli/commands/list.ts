import { Option } from "commander";
import { AMBIGUITIES, EXECUTORS, ISOLATIONS, KINDS, PRIORITIES, SIZES, STATES } from "../../domain/enums.js";
import { usageError } from "../../domain/errors.js";
import { choices, parseCount, parseList } from "../args.js";
import type { RegisterCommand } from "../registrar.js";
import { reportBroken } from "./shared.js";

/** `list`'s filters as flags (lists stay comma-separated text until parsed). */
interface ListFlags {
  state?: string;
  open?: boolean;
  priority?: string;
  kind?: string;
  size?: string;
  ambiguity?: string;
  executor?: string;
  isolation?: string;
  label?: string;
  parent?: string;
  search?: string;
  blocked?: boolean;
  unblocked?: boolean;
  withExecution?: boolean;
  withoutExecution?: boolean;
  limit?: string;
}

export const registerList: RegisterCommand = (program, r) => {
  program
    .command("list")
    .description("list tasks, filtered and sorted (state, then priority, then id)")
    .option("--state <states>", `comma list of ${choices(STATES)}`)
    .addOption(new Option("--open", "only open work: idea, ready, in-progress").conflicts("state"))
    .option("--priority <p>", `comma list of ${choices(PRIORITIES)}`)
    .option("--kind <k>", `comma list of ${choices(KINDS)}`)
    .option("--size <s>", `comma list of ${choices(SIZES)}`)
    .option("--ambiguity <a>", `comma list of ${choices(AMBIGUITIES)}`)
    .option("--executor <e>", `comma list of ${choices(EXECUTORS)}`)
    .option("--isolation <i>", `comma list of ${choices(ISOLATIONS)}`)
    .option("--label <labels>", "tasks carrying any of these labels (comma list)")
    .option("--parent <id>", "direct children of this task")
    .option("--search <regex>", "case-insensitive match on id, title and body")
    .addOption(new Option("--blocked", "only blocked tasks").conflicts("unblocked"))
    .option("--unblocked", "only tasks that are not blocked")
    .addOption(
      new Option("--with-execution", "only tasks with execution telemetry").conflicts("withoutExecution"),
    )
    .option("--without-execution", "only tasks without execution telemetry")
    .option("--limit <n>", "at most n tasks")
    .addHelpText(
      "after",
      `
Output: human table (default), --output json (array of task objects with path and version), --output plain (ids).

Examples:
  taskplain list --open
  taskplain list --state ready --priority high,urgent --output plain
  taskplain list --state done --output json | jq -r '.[] | select(.execution) | .execution.attempts[-1] | [.executor.model, .duration_seconds] | @tsv'`,
    )
    .action(
      r.action<ListFlags>(
        async (ctx, opts) => {
          let search: RegExp | undefined;
          if (typeof opts.search === "string") {
            try {
              search = new RegExp(opts.search, "i");
            } catch {
              throw usageError(`--search is not a valid regular expression: ${opts.search}`);
            }
          }
          const filters = {
            states: parseList(opts.state, "--state", STATES),
            open: Boolean(opts.open),
            priorities: parseList(opts.priority, "--priority", PRIORITIES),
            kinds: parseList(opts.kind, "--kind", KINDS),
            sizes: parseList(opts.size, "--size", SIZES),
            ambiguities: parseList(opts.ambiguity, "--ambiguity", AMBIGUITIES),
            executors: parseList(opts.executor, "--executor", EXECUTORS),
            isolations: parseList(opts.isolation, "--isolation", ISOLATIONS),
            labels: parseList(opts.label, "--label"),
            parent: opts.parent,
            search,
            blocked: opts.blocked ? true : opts.unblocked ? false : undefined,
            withExecution: opts.withExecution ? true : opts.withoutExecution ? false : undefined,
            limit: parseCount(opts.limit, "--limit"),
          };
          const { listJson, listTasks } = await import("../../services/list.js");
          if (ctx.output === "json") {
            const { text, broken } = await listJson(ctx.workspace(), filters);
            reportBroken(ctx, broken);
            return ctx.io.out(text);
          }
          const result = await listTasks(ctx.workspace(), filters);
          reportBroken(ctx, result.broken);
          if (ctx.output === "plain") {
            const ids = result.ids();
            return ctx.io.out(ids.map((id) => `${id}\n`).join(""));
          }
          const { renderList } = await import("../ui/list.js");
          const { viewOf } = await import("../ui/format.js");
          ctx.io.out(renderList(result, viewOf(ctx)));
        },
        ["human", "json", "plain"],
      ),
    );
};
