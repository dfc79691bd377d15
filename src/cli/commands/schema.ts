import { printJson } from "../output.js";
import type { RegisterCommand } from "../registrar.js";

export const registerSchema: RegisterCommand = (program, r) => {
  program
    .command("schema")
    .description("print the JSON Schema (2020-12) of the frontmatter, for editors and tools")
    .action(
      r.action(
        async (ctx) => {
          const { frontmatterJsonSchema } = await import("../../domain/schema.js");
          printJson(ctx, frontmatterJsonSchema());
        },
        ["human", "json"],
      ),
    );
};
