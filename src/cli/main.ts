export {};

// The `taskplain` entry point. Kept tiny: `--version` answers without loading
// anything, everything else loads the program (and each command loads what it needs).
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
} else {
  const { runCli } = await import("./program.js");
  process.exitCode = await runCli(argv, __TASKPLAIN_VERSION__);
}
