import type { Finding } from "../../domain/validation/finding.js";
import type { ValidateReport } from "../../services/validate.js";
import type { Ctx } from "../context.js";
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
        else printReport(ctx, report);
        return report.ok ? EXIT.ok : EXIT.refused;
      }),
    );
};

function printReport(ctx: Ctx, report: ValidateReport): void {
  const { c } = ctx;
  const line = (f: Finding) => {
    const tag = f.severity === "error" ? c.red("error") : c.yellow("warning");
    const hint = f.hint ? `\n    ${c.dim(`hint: ${f.hint}`)}` : "";
    return `  ${tag} ${c.dim(f.code)} ${f.message}${hint}\n`;
  };
  const byFile = new Map<string, Finding[]>();
  for (const f of [...report.errors, ...report.warnings])
    byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, findings] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    ctx.io.out(`${c.bold(file)}\n${findings.map(line).join("")}`);
  }
  const verb = report.dry_run ? "would fix" : "fixed";
  for (const f of report.fixed) {
    ctx.io.out(`${c.green(verb)} ${f.file}: ${f.fixes.join("; ")}\n`);
  }
  const { files, errors, warnings } = report.counts;
  const summary = `${files} file${files === 1 ? "" : "s"} checked: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
  ctx.io.out(`${report.ok ? c.green("✓") : c.red("✗")} ${summary}\n`);
}
