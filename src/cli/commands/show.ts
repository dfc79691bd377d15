import { printJson } from "../output.js";
import type { RegisterCommand } from "../registrar.js";

export const registerShow: RegisterCommand = (program, r) => {
  program
    .command("show")
    .description("show one task: metadata, body, parent, children and telemetry")
    .argument("<id>", "task id")
    .addHelpText(
      "after",
      "\nThe body is shown without the template's comments and empty sections; --output json has it raw.\n\nExamples:\n  taskplain show card-validation\n  taskplain show card-validation --output json | jq .execution_summary",
    )
    .action(
      r.action(async (ctx, _opts, args) => {
        const { showTask } = await import("../../services/show.js");
        const result = await showTask(ctx.workspace(), String(args[0]));
        if (ctx.output === "json") return printJson(ctx, result.view);
        const { renderShow } = await import("../ui/show.js");
        const { viewOf } = await import("../ui/format.js");
        ctx.io.out(renderShow(result, viewOf(ctx)));
      }),
    );
};
