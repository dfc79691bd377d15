// `taskplain help …`: one page, every page (`--all`), the machine-readable contract
// (`--json`), the handbook (`--playbook`); an unknown topic is a usage error (exit 5)
// with the nearest group's help on stderr (agents.md "The machine-readable contract").
import type { Command, Option } from "commander";
import { ERROR_CODES, usageError } from "../domain/errors.js";
import { closestWord } from "../domain/validation/closest.js";
import { COMMAND_VIEWS, errorView, viewJsonSchema } from "../domain/views.js";
import { collect } from "./args.js";
import type { Io } from "./context.js";
import { EXIT, EXIT_BY_CATEGORY, EXIT_MEANINGS } from "./exit-codes.js";
import { json } from "./output.js";

/** Flags of `help` and the spellings the original tool used for them. */
const HELP_FLAGS: Record<string, "all" | "json" | "playbook"> = {
  "--all": "all",
  "--reference": "all",
  "--json": "json",
  "--contract": "json",
  "--playbook": "playbook",
};

/** The help page of a command path ("attempt add"), rendered as commander would. */
function pageOf(cmd: Command): string {
  let page = "";
  const out = cmd.configureOutput();
  cmd.configureOutput({ ...out, writeOut: (s) => (page += s), writeErr: (s) => (page += s) });
  cmd.outputHelp();
  cmd.configureOutput(out);
  return page;
}

/** Every command with its path, depth first in registration order. */
export function commandPaths(program: Command): { path: string; cmd: Command }[] {
  const out: { path: string; cmd: Command }[] = [];
  const visit = (cmd: Command, path: string[]) => {
    for (const sub of cmd.commands) {
      const p = [...path, sub.name()];
      out.push({ path: p.join(" "), cmd: sub });
      visit(sub, p);
    }
  };
  visit(program, []);
  return out;
}

/** `help` with its arguments (everything after the word `help`); returns the exit code. */
export async function runHelp(program: Command, given: string[], io: Io): Promise<number> {
  // Global options (--output json, --color never, --root x) change nothing here.
  const args: string[] = [];
  for (let i = 0; i < given.length; i++) {
    if (/^--(output|color|root)$/.test(given[i]!)) i++;
    else if (!/^--(output|color|root)=/.test(given[i]!)) args.push(given[i]!);
  }
  const flags = args.filter((a) => a.startsWith("-"));
  const topic = args.filter((a) => !a.startsWith("-"));
  const unknown = flags.filter((f) => !(f in HELP_FLAGS) && f !== "--help" && f !== "-h");
  if (
    unknown.length > 0 ||
    (flags.length > 0 && topic.length > 0) ||
    new Set(flags.map((f) => HELP_FLAGS[f])).size > 1
  ) {
    io.err(pageOf(program.commands.find((c) => c.name() === "help") ?? program));
    throw usageError(
      unknown.length > 0
        ? `help does not take ${unknown.join(", ")}`
        : "help takes one of --all, --json, --playbook or a command",
      { hint: "taskplain help --all   ·   taskplain help --json   ·   taskplain help <command>" },
    );
  }
  const mode = flags.length > 0 ? HELP_FLAGS[flags[0]!] : undefined;
  if (mode === "all") {
    const pages = [
      pageOf(program),
      ...commandPaths(program).map(({ path, cmd }) => `\n## taskplain ${path}\n\n${pageOf(cmd)}`),
    ];
    io.out(pages.join(""));
    return EXIT.ok;
  }
  if (mode === "json") {
    io.out(json(helpContract(program)));
    return EXIT.ok;
  }
  if (mode === "playbook") {
    const { HANDBOOK } = await import("../domain/handbook.js");
    io.out(HANDBOOK);
    return EXIT.ok;
  }
  // A command path: walk down as far as it goes.
  let cmd = program;
  for (const [i, word] of topic.entries()) {
    const sub = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!sub) {
      const guess = closestWord(
        word,
        cmd.commands.map((c) => c.name()),
      );
      const before = topic.slice(0, i).join(" ");
      if (guess === undefined) io.err(pageOf(cmd));
      throw usageError(`no command "${topic.slice(0, i + 1).join(" ")}"`, {
        hint:
          guess !== undefined
            ? `did you mean taskplain help ${before ? `${before} ` : ""}${guess}?`
            : cmd === program
              ? "taskplain help"
              : `taskplain help ${before}`,
      });
    }
    cmd = sub;
  }
  io.out(pageOf(cmd));
  return EXIT.ok;
}

/** An option's type: boolean (a flag), string, or string[] when repeatable or variadic. */
function optionType(o: Option): "boolean" | "string" | "string[]" {
  if (!o.required && !o.optional) return "boolean";
  return o.variadic || o.parseArg === (collect as unknown) ? "string[]" : "string";
}

function describeOption(o: Option) {
  return {
    flags: o.flags,
    name: o.attributeName(),
    ...(o.long ? { long: o.long } : {}),
    ...(o.short ? { short: o.short } : {}),
    description: o.description,
    type: optionType(o),
    required: Boolean(o.mandatory),
    ...(o.defaultValue !== undefined ? { default: o.defaultValue } : {}),
    ...(o.argChoices ? { enum: o.argChoices } : {}),
  };
}

/**
 * The machine-readable contract (`help --json`): every command with its arguments and
 * options, the exit codes, the error codes, and the JSON Schema of each command's
 * `--output json` result — all read from the commander program and the zod views.
 */
export function helpContract(program: Command): Record<string, unknown> {
  const globals = program.options
    .filter((o) => o.long !== "--version" && o.long !== "--help")
    .map(describeOption);
  const commands = commandPaths(program).map(({ path, cmd }) => {
    const view = COMMAND_VIEWS[path];
    return {
      name: path,
      description: cmd.description(),
      ...(cmd.commands.length > 0 ? { subcommands: cmd.commands.map((c) => c.name()) } : {}),
      arguments: cmd.registeredArguments.map((a) => ({
        name: a.name(),
        description: a.description,
        required: a.required,
        variadic: a.variadic,
        ...(a.argChoices ? { enum: a.argChoices } : {}),
        ...(a.defaultValue !== undefined ? { default: a.defaultValue } : {}),
      })),
      options: cmd.options.filter((o) => o.long !== "--help").map(describeOption),
      ...(view ? { output_schema: viewJsonSchema(view) } : {}),
    };
  });
  return {
    name: program.name(),
    version: program.version(),
    global_options: globals,
    commands,
    exit_codes: Object.entries(EXIT_MEANINGS).map(([code, meaning]) => ({ code: Number(code), meaning })),
    error_codes: Object.entries(ERROR_CODES).map(([code, [category, meaning]]) => ({
      code,
      category,
      exit: EXIT_BY_CATEGORY[category],
      meaning,
    })),
    error_schema: viewJsonSchema(errorView),
  };
}
