// Which help page an argument list asks for. Kept free of imports: the entry point
// uses it to answer `--help` from the pages rendered at build time (help-texts.ts).

/**
 * The command path whose help is wanted ("" for the program, "attempt add", …), or
 * undefined when the arguments ask for something else. Understands `taskplain`,
 * `--help`/`-h`, `help [command…]` and `<command…> --help`.
 */
export function helpRequest(argv: readonly string[]): string | undefined {
  if (argv.length === 0) return "";
  if (argv[0] === "help")
    return argv.slice(1).some((a) => a.startsWith("-")) ? undefined : argv.slice(1).join(" ");
  const last = argv[argv.length - 1];
  if (last !== "--help" && last !== "-h") return undefined;
  const path = argv.slice(0, -1);
  return path.some((a) => a.startsWith("-")) ? undefined : path.join(" ");
}
