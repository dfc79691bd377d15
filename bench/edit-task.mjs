#!/usr/bin/env node
// Edits one task file in place, differently each time: what an agent or a person does
// between two commands. `npm run bench` runs it before each timed run of the
// "(after an edit)" rows, so no stored answer (.git/taskplain-answers/) fits the
// repository and the command computes its answer again, reading only the edited file anew.
//
//   node bench/edit-task.mjs <id>      (in the corpus root)
import fs from "node:fs";
import path from "node:path";

const id = process.argv[2];
if (!id) {
  process.stderr.write("usage: node bench/edit-task.mjs <id>\n");
  process.exit(2);
}
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
