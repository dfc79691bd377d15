// `list --output json` joins per-task texts (services/views.ts taskObjectsJson); they must
// give exactly the bytes of pretty-printing the whole array at once, which is what every
// other `--output json` prints (cli/output.ts json).
import { describe, expect, it } from "vitest";
import { json } from "../../src/cli/output.js";
import { taskObject, taskObjectsJson } from "../../src/services/views.js";
import { isBroken, loadFullYaml, parseRecord, type TaskRecord } from "../../src/storage/records.js";
import { taskText } from "../helpers.js";

function record(name: string, meta: Record<string, string | string[]>, body = ""): TaskRecord {
  const relPath = `tasks/10-ready/${name}`;
  const r = parseRecord(
    { folderState: "ready", name, relPath, absPath: `/nowhere/${relPath}` },
    taskText(meta, body),
  );
  if (isBroken(r)) throw new Error(r.message);
  return r;
}

await loadFullYaml(); // a quoted title is beyond the fast reader

const records = [
  record("task-plain.md", { id: "plain", title: "Plain", kind: "task", state: "ready" }),
  record("task-unicode.md", {
    id: "unicode",
    title: `'"Café" ✓ — 🚀 back\\slash'`, // YAML single-quoted: quotes and a backslash in the value
    kind: "task",
    state: "ready",
    labels: ["über", "a b"],
    touches: ["src/**", "docs/*.md"],
  }),
  // schema errors and unknown keys (an `errors` list, extra keys after the known ones)
  record("task-odd.md", {
    id: "odd",
    title: "Odd",
    kind: "task",
    state: "ready",
    priority: "whenever",
    team: "core",
  }),
];

describe("taskObjectsJson", () => {
  it("prints exactly what pretty-printing the task objects at once prints", () => {
    const expected = json(records.map((r) => taskObject(r)));
    expect(Buffer.from(taskObjectsJson(records, null)).toString("utf8")).toBe(expected);
    expect(expected).toContain('"errors"');
    expect(expected).toContain('"team": "core"');
  });

  it("prints an empty list as []", () => {
    expect(Buffer.from(taskObjectsJson([], null)).toString("utf8")).toBe(json([]));
  });
});
