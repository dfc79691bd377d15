// Every help page of the CLI, rendered once at build time from the commander program
// itself (tsup's onSuccess writes them to dist/help.json). `taskplain --help` then
// prints a page without loading commander and twenty command definitions; the pages
// cannot drift from the program because they are the program's own output.
import type { Command } from "commander";
import type { Io } from "./context.js";
import { buildProgram } from "./program.js";

/** Help pages keyed by command path: "" for the program, "show", "attempt add", … */
export function renderHelpPages(version: string): Record<string, string> {
  let page = "";
  const capture = (s: string | Uint8Array) => {
    page += typeof s === "string" ? s : Buffer.from(s).toString("utf8");
  };
  const io: Io = {
    out: capture,
    err: capture,
    readStdin: async () => "",
    stdoutIsTTY: false,
    env: {},
    cwd: process.cwd(),
    clock: { now: () => 0 },
  };
  const program = buildProgram(version, io, { code: 0 });
  const pages: Record<string, string> = {};
  const visit = (cmd: Command, path: string[]) => {
    page = "";
    cmd.outputHelp();
    pages[path.join(" ")] = page;
    for (const sub of cmd.commands) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
  return pages;
}
