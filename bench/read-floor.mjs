#!/usr/bin/env node
// The "read every task file" floor of `npm run bench`: what any command that needs every
// task must at least do — list the five state folders, read each .md file and cut out its
// frontmatter — with nothing else (no YAML parsing, no cache). Repository-wide commands
// are held to a small multiple of it (issues 15 and 17).
//
// With --find ID, the single-task floor: list the five folders and read only the file
// whose name ends in "-ID.md" (what `show` and `update` must at least do).
//
// With --parse MODULE, also parses each frontmatter with MODULE's `parse(text)` (the cold
// bound of bench/design-bound.mjs: what reading without any cache must at least add).
//
// Usage: node bench/read-floor.mjs [--find ID] [--parse MODULE] [repo root, default .]
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const STATE_FOLDERS = ["00-idea", "10-ready", "20-in-progress", "30-done", "40-canceled"];
const args = process.argv.slice(2);
const findAt = args.indexOf("--find");
const suffix = findAt >= 0 ? `-${args.splice(findAt, 2)[1]}.md` : null;
const parseAt = args.indexOf("--parse");
const parse =
  parseAt >= 0 ? (await import(pathToFileURL(path.resolve(args.splice(parseAt, 2)[1])).href)).parse : null;
let parsed = 0;
const root = path.resolve(args[0] ?? ".");
let files = 0;
let frontmatterBytes = 0;
for (const folder of STATE_FOLDERS) {
  const dir = path.join(root, "tasks", folder);
  if (!fs.existsSync(dir)) continue;
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith(".md")) continue;
    if (suffix && !name.endsWith(suffix)) continue;
    const text = fs.readFileSync(path.join(dir, name), "utf8");
    files += 1;
    if (text.startsWith("---\n")) {
      const end = text.indexOf("\n---", 4);
      if (end > 0) {
        frontmatterBytes += end - 4;
        if (parse?.(text.slice(4, end))) parsed += 1;
      }
    }
  }
}
process.stdout.write(
  `${files} files, ${frontmatterBytes} frontmatter bytes${parse ? `, ${parsed} parsed` : ""}\n`,
);
