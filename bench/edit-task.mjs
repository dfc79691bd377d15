#!/usr/bin/env node
// Edits one task file in place, differently each time: what an agent or a person does
// between two commands (a note appended to the body). `npm run bench` runs it before each
// timed run of the "(after an edit)" rows: the file's stats and version change, so no
// answer is found by stats or versions, and the command reads the edited file anew; its
// projection is unchanged, so the answer is found by the projections' digests
// (services/projected.ts). With --forget-answers it also removes the stored answers
// (.git/taskplain-answers/): the "(computed)" rows, which compute the answer again.
//
//   node bench/edit-task.mjs <id> [--forget-answers]      (in the corpus root)
import fs from "node:fs";
import path from "node:path";

const id = process.argv[2];
if (!id) {
  process.stderr.write("usage: node bench/edit-task.mjs <id> [--forget-answers]\n");
  process.exit(2);
}
if (process.argv.includes("--forget-answers"))
  fs.rmSync(path.join(".git", "taskplain-answers"), { recursive: true, force: true });
const suffix = `-${id}.md`;
for (const folder of fs.readdirSync("tasks")) {
  const name = fs.readdirSync(path.join("tasks", folder)).find((n) => n.endsWith(suffix));
  if (!name) continue;
  const file = path.join("tasks", folder, name);
  const MARK = "\n<!-- bench edit ";
  const text = fs.readFileSync(file, "utf8");
  const at = text.indexOf(MARK);
  const base = at < 0 ? text : text.slice(0, at + 1);
  fs.writeFileSync(file, `${base}${MARK.slice(1)}${process.hrtime.bigint()} -->\n`);
  process.exit(0);
}
process.stderr.write(`edit-task: no task file ends in ${suffix}\n`);
process.exit(1);
