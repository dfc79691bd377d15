import type { Finding } from "../../domain/validation/finding.js";
import { type ValidateOptions, validateRepo } from "../../services/validate.js";
import { type Ctx, rootOf } from "../context.js";
import { printJson } from "../output.js";

export async function runValidate(ctx: Ctx, options: ValidateOptions): Promise<number> {
  const root = rootOf(ctx);
  const report = await validateRepo(root, options);
  if (ctx.output === "json") {
    printJson(ctx, report);
    return report.ok ? 0 : 1;
  }
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
  if ((options.fix || options.renameFiles) && errors > 0) {
    ctx.io.out(
      `${c.yellow("not repaired")}: ${errors} error${errors === 1 ? "" : "s"} no safe repair covers; each hint above names the command that fixes it\n`,
    );
  }
  const summary = `${files} file${files === 1 ? "" : "s"} checked: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
  ctx.io.out(`${report.ok ? c.green("✓") : c.red("✗")} ${summary}\n`);
  return report.ok ? 0 : 1;
}
