import type { RegisterCommand } from "../registrar.js";

declare const __TASKPLAIN_VERSION__: string;

export const registerMcp: RegisterCommand = (program, r) => {
  program
    .command("mcp")
    .description(
      "serve the Model Context Protocol on stdio, for coding agents (Claude Code, Codex, Gemini CLI, …)",
    )
    .addHelpText(
      "after",
      `
Tools (in this order): task_list, task_get, task_create, task_update, task_move, task_pickup,
task_complete, task_next, attempt_record, stats, validate; each takes an optional root (a
worktree) and writes take expected_version. Resource: taskplain://handbook.

Example (Claude Code):
  claude mcp add taskplain -- npx taskplain mcp`,
    )
    .action(
      r.action(async () => {
        const { serveStdio } = await import("../../mcp/server.js");
        await serveStdio(typeof __TASKPLAIN_VERSION__ === "string" ? __TASKPLAIN_VERSION__ : "0.0.0");
      }),
    );
};
