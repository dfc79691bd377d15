import { runWithCodeCache } from "./code-cache.js";
import { helpRequest } from "./help-request.js";
import { isSingleTaskCommand } from "./single-commands.js";

// The `taskplain` entry point. Kept tiny: `--version` and help pages answer without
// loading commander; everything else loads the program through the code cache
// (code-cache.ts) — dist/single.cjs for a single-task command, else dist/program.cjs —
// and each command loads what it needs.
declare const __TASKPLAIN_VERSION__: string;

// A closed pipe (`taskplain list | head`) is a normal way for output to end.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  process.stdout.write(`${__TASKPLAIN_VERSION__}\n`);
} else if (!(await printHelpPage(argv))) {
  // A single-task command keeps a code cache of its own: the code it compiles, no more.
  const single = isSingleTaskCommand(argv);
  const { runCli } = await loadProgram(
    single ? "single" : "program",
    single ? `single-${argv[0]}` : "program",
  );
  process.exitCode = await runCli(argv, __TASKPLAIN_VERSION__);
}

/** A program: the built bundle next to this file, or (running from source) its module. */
async function loadProgram(
  name: "program" | "single",
  cacheName: string,
): Promise<typeof import("./program.js")> {
  const { fileURLToPath } = await import("node:url");
  const file = fileURLToPath(new URL(`./${name}.cjs`, import.meta.url));
  try {
    return runWithCodeCache(file, cacheName) as typeof import("./program.js");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT" || (error as NodeJS.ErrnoException).path !== file)
      throw error;
  }
  // A specifier esbuild cannot follow: the build must not bundle the program into dist/cli.js.
  const source = `./${name}.js`;
  return import(source);
}

/** Prints a help page rendered at build time (dist/help.json); false when there is none. */
async function printHelpPage(args: string[]): Promise<boolean> {
  const key = helpRequest(args);
  if (key === undefined) return false;
  const { readFileSync } = await import("node:fs");
  let pages: Record<string, string>;
  try {
    pages = JSON.parse(readFileSync(new URL("./help.json", import.meta.url), "utf8"));
  } catch {
    return false; // not built (running from source): commander renders it
  }
  const page = pages[key];
  if (page === undefined) return false;
  process.stdout.write(page);
  return true;
}
