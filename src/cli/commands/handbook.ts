import type { RegisterCommand } from "../registrar.js";

export const registerHandbook: RegisterCommand = (program, r) => {
  program
    .command("handbook")
    .description("the handbook for coding agents: workflow, rules, recipes, telemetry, leases, JSON shapes")
    .option(
      "--section <name>",
      "print one section (workflow, rules, recipes, telemetry, leases, json-shapes)",
    )
    .addHelpText("after", "\nExamples:\n  taskplain handbook\n  taskplain handbook --section rules")
    .action(
      r.action(async (ctx, opts) => {
        const { HANDBOOK, handbookSection, handbookSections } = await import("../../domain/handbook.js");
        const section = opts.section === undefined ? undefined : handbookSection(String(opts.section));
        if (ctx.output === "json") {
          const { printJson } = await import("../output.js");
          return printJson(ctx, section ? { sections: [section] } : { sections: handbookSections() });
        }
        ctx.io.out(section ? section.text : HANDBOOK);
      }),
    );
};
