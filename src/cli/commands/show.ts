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
        const { runShow } = await import("./show-run.js");
        return runShow(ctx, String(args[0]));
      }),
    );
};
