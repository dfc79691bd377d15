// Builds a commander program of the given commands: global conventions, error → exit
// code. program.ts runs it with every command; single.ts with one single-task command
// (a smaller bundle, dist/single.cjs).
import { Command, CommanderError, Option } from "commander";
import { TaskplainError } from "../domain/errors.js";
import { type GlobalOptions, type Io, makeCtx, type OpenWorkspaces, type OutputMode } from "./context.js";
import { EXIT } from "./exit-codes.js";
import { asTaskplainError, printError } from "./output.js";
import { type ActionFn, FIELD_SEPARATOR, type RegisterCommand, type Registrar } from "./registrar.js";

function wantsJson(argv: string[]): boolean {
  const i = argv.indexOf("--output");
  return (i >= 0 && argv[i + 1] === "json") || argv.includes("--output=json");
}

const USAGE_CODES = new Set([
  "commander.unknownOption",
  "commander.unknownCommand",
  "commander.missingArgument",
  "commander.optionMissingArgument",
  "commander.missingMandatoryOptionValue",
  "commander.invalidArgument",
  "commander.excessArguments",
  "commander.conflictingOption",
]);

/**
 * The program with `commands` registered (in that order, as `--help` lists them); an
 * action's exit code goes to `exit.code` and the Workspaces it opens to `opened`.
 */
export function buildCommands(
  commands: readonly RegisterCommand[],
  version: string,
  io: Io,
  exit: { code: number },
  opened: OpenWorkspaces = [],
): Command {
  const program = new Command("taskplain");
  const registrar: Registrar = {
    io,
    action: <O>(fn: ActionFn<O>, outputs?: OutputMode[]) =>
      async function (this: Command, ...params: unknown[]) {
        const cmd = params[params.length - 1] as Command;
        const opts = cmd.optsWithGlobals<GlobalOptions>();
        const ctx = makeCtx(opts, io, opened, outputs);
        // commander parsed these options from the command's own declarations: the one cast
        const code = await fn(ctx, opts as O, cmd.processedArgs);
        exit.code = typeof code === "number" ? code : EXIT.ok;
      },
  };
  program
    .description(
      "Task management that lives in your repository: Markdown task files for humans and coding agents.",
    )
    .version(version, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help for a command")
    .addOption(
      new Option("--root <dir>", "repository root (default: nearest folder with tasks/; env TASKPLAIN_ROOT)"),
    )
    .addOption(
      new Option(
        "--output <format>",
        "output format: human, json (plain: one id a line, for list and next; csv: for stats)",
      ),
    )
    .addOption(new Option("--color <when>", "colour: auto, always or never (honours NO_COLOR, FORCE_COLOR)"))
    .showSuggestionAfterError(true)
    // A fixed width keeps help identical in every terminal, so it can be rendered at
    // build time (help-texts.ts) and printed without loading commander.
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true, helpWidth: 80 })
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      outputError: () => undefined,
    })
    .exitOverride();
  program.addHelpText(
    "after",
    `
Exit codes: 0 ok · 1 validation failed or change refused · 2 I/O or git error
            3 unparsable task file · 4 lock timeout · 5 usage error
            6 task not found

Environment: TASKPLAIN_ROOT (like --root)
             TASKPLAIN_LOCK_TIMEOUT_MS (default 30000)
             TASKPLAIN_CACHE=0 (read every file and compute every answer;
             reads normally reuse .git/taskplain-cache, -views, -parents,
             the answers in .git/taskplain-answers/ and what validate,
             next and stats keep of each file in .git/taskplain-projections/)
             TASKPLAIN_CODE_CACHE=0 (compile the program afresh; it normally
             reuses TASKPLAIN_CODE_CACHE_DIR, else $XDG_CACHE_HOME/taskplain,
             else ~/.cache/taskplain: a folder only you can write to)
             TASKPLAIN_HOLDER, TASKPLAIN_LEASE_REMOTE, TASKPLAIN_LEASE_SKEW
             (leases: see taskplain claim --help)

Start with:  taskplain init --sample, then taskplain list · next · stats
Agents:      taskplain handbook · help --json (the contract) · help --all`,
  );
  for (const register of commands) register(program, registrar);
  for (const sub of program.commands) sub.exitOverride().configureOutput(program.configureOutput());
  return program;
}

/** `--field <section> <text>` takes two values; commander options take one, so fold them. */
function foldFieldPairs(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--field" && i + 2 < argv.length + 0 && argv[i + 2] !== undefined) {
      out.push("--field", `${argv[i + 1]}${FIELD_SEPARATOR}${argv[i + 2]}`);
      i += 2;
    } else out.push(argv[i]!);
  }
  return out;
}

/** `taskplain help …`: given the whole program, the words after `help` and the I/O; returns the exit code. */
export type HelpRunner = (program: Command, args: string[], io: Io) => Promise<number>;

/**
 * Runs the command line `rawArgv` (without node and script) on the program of `commands`;
 * returns the exit code. `help` runs `help …` (the full program only).
 */
export async function runCommands(
  commands: readonly RegisterCommand[],
  rawArgv: string[],
  version: string,
  io: Io,
  help?: HelpRunner,
): Promise<number> {
  const argv = foldFieldPairs(rawArgv);
  const exit = { code: 0 };
  const opened: OpenWorkspaces = [];
  const program = buildCommands(commands, version, io, exit, opened);
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.ok;
  }
  try {
    if (argv[0] === "help" && help) return await help(program, argv.slice(1), io);
    await program.parseAsync(argv, { from: "user" });
    return exit.code;
  } catch (error) {
    return reportFailure(error, argv, io);
  } finally {
    // What read-only commands learnt about unchanged files, for the next command.
    for (const ws of opened) ws.flush();
  }
}

function reportFailure(error: unknown, argv: string[], io: Io): number {
  if (error instanceof CommanderError) {
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return 0;
    // A group command without its subcommand (`attempt`): its help went to stderr.
    if (error.code === "commander.help") return error.exitCode === 0 ? 0 : EXIT.usage;
    const message = error.message.replace(/^error: /, "");
    const usage = new TaskplainError("usage", message);
    if (USAGE_CODES.has(error.code) || error.exitCode !== 0) printError(io, usage, wantsJson(argv));
    return EXIT.usage;
  }
  return printError(io, asTaskplainError(error, io), wantsJson(argv));
}
