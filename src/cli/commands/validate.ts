import { EXIT } from "../exit-codes.js";
import { printJson } from "../output.js";
import { dryRunOption, type RegisterCommand, type WriteFlags } from "../registrar.js";

/** `validate`'s options. */
interface ValidateFlags extends Pick<WriteFlags, "dryRun"> {
  strict?: boolean;
  fix?: boolean;
  renameFiles?: boolean;
}

export const registerValidate: RegisterCommand = (program, r) => {
  program
    .command("validate")
    .description("check task files against the format, telemetry and hierarchy rules")
    .argument("[ids...]", "only report on these tasks (cross-file rules still see every task)")
    .option("--strict", "treat warnings as errors")
    .option(
      "--fix",
      "repair what is safe: key order, missing headings and checkboxes, legacy parent, missing timestamps",
    )
    .option(
      "--rename-files",
      "move files whose folder or name disagrees with state, kind, id or completion date",
    )
    .addOption(dryRunOption("with --fix/--rename-files: show the repairs"))
    .addHelpText(
      "after",
      `
Exit 1 when errors remain. JSON: {ok, errors, warnings, fixed, counts}; each finding has
code, severity, message, file and, where it applies, field (e.g. execution.attempts.1.status) and hint.

Examples:
  taskplain validate
  taskplain validate --fix --rename-files --dry-run
  taskplain validate execution-telemetry --output json`,
    )
    .action(
      r.action<ValidateFlags>(async (ctx, opts, args) => {
        const { validateRepo } = await import("../../services/validate.js");
        const report = await validateRepo(ctx.workspace(), {
          ids: (args[0] as string[] | undefined) ?? [],
          strict: Boolean(opts.strict),
          fix: Boolean(opts.fix),
          renameFiles: Boolean(opts.renameFiles),
          dryRun: Boolean(opts.dryRun),
        });
        if (ctx.output === "json") printJson(ctx, report);
        else {
          const { renderValidate } = await import("../ui/validate.js");
          const { viewOf } = await import("../ui/format.js");
          ctx.io.out(renderValidate(report, viewOf(ctx)));
        }
        return report.ok ? EXIT.ok : EXIT.refused;
      }),
    );
};
