// The write checks run validate's repository rules on the tasks a change can affect
// (services/write-scope.ts) instead of on every task: for every change they must give
// exactly the answer the check of the whole repository gives — the same refusal (code,
// message, findings) or none, and the same warnings. Random repositories (hierarchies
// with wrong kinds and second parents, dependency cycles, missing ids, legacy parent
// keys, a duplicate id now and then) and random multi-file changes, read through the
// parse cache as the CLI reads them, compared with the full check.
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { STATES, type State } from "../../src/domain/enums.js";
import { taskRelPath } from "../../src/domain/paths.js";
import { ChangeSet } from "../../src/services/changes.js";
import { checkPlannedWrites } from "../../src/services/write-checks.js";
import { loadFullYaml, loadRepository } from "../../src/storage/repository.js";
import { Workspace } from "../../src/storage/workspace.js";
import { fixtureRepo, writeTask } from "../helpers.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A deterministic pseudo-random source (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number) => next() < p;
  const some = <T>(xs: readonly T[], max: number): T[] => [
    ...new Set(Array.from({ length: int(max + 1) }, () => pick(xs))),
  ];
  return { int, pick, chance, some };
}
type Random = ReturnType<typeof random>;

const WORDS = ["ant", "bee", "cat", "dog", "eel", "fox", "gnu", "hen", "ibis", "jay", "kiwi", "lark"];
const MORE = ["moth", "newt", "owl", "pika", "quail", "rat"];
const GHOSTS = ["ghost", "phantom"]; // ids no task has (until a change creates one)
const KINDS = ["epic", "story", "task"] as const;
type Kind = (typeof KINDS)[number];

interface Spec {
  id: string;
  kind: Kind;
  state: State;
  children: string[];
  depends_on: string[];
  blocks: string[];
  parent?: string;
  /** file name id, when the file is named for another id than the one inside */
  nameId?: string;
}

const T0 = "2026-01-01T00:00:00.000Z";

function text(s: Spec): string {
  const lines = ["---", `id: ${s.id}`, `title: Task ${s.id}`, `kind: ${s.kind}`, `state: ${s.state}`];
  lines.push("priority: normal");
  for (const key of ["children", "depends_on", "blocks"] as const)
    if (s[key].length > 0) lines.push(`${key}:`, ...s[key].map((x) => `  - ${x}`));
  if (s.parent) lines.push(`parent: ${s.parent}`);
  lines.push(`created_at: ${T0}`, `updated_at: ${T0}`);
  if (s.state === "done") lines.push(`completed_at: ${T0}`);
  lines.push("---", "", "## Overview", "", "x", "", "## Acceptance Criteria", "", "- [ ] it works", "");
  return lines.join("\n");
}

const pathOf = (s: Spec) => taskRelPath(s.state, s.kind, s.nameId ?? s.id, T0);

function randomSpec(r: Random, id: string, ids: string[]): Spec {
  const kind = r.pick(KINDS);
  const pool = [...ids, ...GHOSTS];
  const spec: Spec = {
    id,
    kind,
    state: r.pick(STATES),
    children: kind === "task" && !r.chance(0.05) ? [] : r.some(pool, 3),
    depends_on: r.chance(0.5) ? r.some(pool, 2) : [],
    blocks: r.chance(0.2) ? r.some(pool, 1) : [],
  };
  if (r.chance(0.08)) spec.parent = r.pick(pool);
  return spec;
}

function randomRepository(r: Random): Spec[] {
  const ids = WORDS.slice(0, 6 + r.int(WORDS.length - 5));
  const specs = ids.map((id) => randomSpec(r, id, ids));
  // now and then a file named for one id holding another one's (a duplicate id)
  if (r.chance(0.15)) specs.push({ ...randomSpec(r, r.pick(ids), ids), nameId: "stray" });
  return specs;
}

/** Plans 1–3 random operations on the repository of `specs` into `changes`. */
function planRandomChange(r: Random, specs: Spec[], changes: ChangeSet): string[] {
  const ids = specs.map((s) => s.id);
  const touched = new Set<string>();
  const said: string[] = [];
  for (let n = 1 + r.int(3); n > 0; n--) {
    const op = r.int(4);
    const free = specs.filter((s) => !touched.has(pathOf(s)));
    if (op === 0 || free.length === 0) {
      // a new task: a fresh id, an id a task already names, or (rarely) a used id
      const id = r.chance(0.1) ? r.pick(ids) : r.chance(0.3) ? r.pick(GHOSTS) : r.pick(MORE);
      const spec = randomSpec(r, id, ids);
      const rel = pathOf(spec);
      if (touched.has(rel) || specs.some((s) => pathOf(s) === rel)) continue;
      touched.add(rel);
      changes.write(rel, text(spec), true);
      said.push(`new ${id}`);
      continue;
    }
    const old = r.pick(free);
    const from = pathOf(old);
    touched.add(from);
    if (op === 1) {
      changes.delete(from);
      said.push(`delete ${old.id}`);
      continue;
    }
    const spec: Spec = { ...old, children: [...old.children], depends_on: [...old.depends_on] };
    const what = r.int(6);
    if (what === 0) spec.children = r.some([...ids, ...GHOSTS], 3);
    else if (what === 1) spec.depends_on = r.some([...ids, ...GHOSTS], 2);
    else if (what === 2) spec.state = r.pick(STATES);
    else if (what === 3) spec.children = spec.children.filter(() => r.chance(0.5));
    else if (what === 4) spec.blocks = r.some(ids, 1);
    else spec.parent = r.chance(0.5) ? r.pick(ids) : undefined;
    const to = pathOf(spec);
    if (to !== from) {
      if (touched.has(to) || specs.some((s) => pathOf(s) === to)) continue;
      touched.add(to);
      changes.move(from, to);
    }
    changes.write(to, text(spec));
    said.push(`rewrite ${old.id} (${what})`);
  }
  return said;
}

/** What a check answered: its refusal, or the warnings of a change it let through. */
async function answer(ws: Workspace, plan: (changes: ChangeSet) => void, scoped: boolean) {
  const changes = new ChangeSet(ws);
  plan(changes);
  try {
    const warnings = await checkPlannedWrites(ws, changes, { repository: true, scoped });
    return { warnings };
  } catch (error) {
    const e = error as { code?: string; message: string; details?: unknown; path?: string; id?: string };
    if (!e.code) throw error;
    return { refused: { code: e.code, message: e.message, details: e.details, path: e.path, id: e.id } };
  }
}

// a clock well after the files were written, so the parse cache keeps them
const later = { now: () => Date.now() + 3_600_000 };

describe("the write checks on a change's scope answer as the check of every task", () => {
  it("for random changes to random repositories", async () => {
    await loadFullYaml();
    let refused = 0;
    let passed = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const r = random(seed);
      const specs = randomRepository(r);
      const root = fixtureRepo(undefined, { git: true });
      dirs.push(root);
      for (const s of specs) writeTask(root, pathOf(s), text(s));
      // fill the parse cache, so the checks read cached records as the CLI does
      const first = new Workspace(root, {}, root, later);
      await loadRepository(first, { cache: true });
      first.flush();
      for (let k = 0; k < 25; k++) {
        const plan = (changes: ChangeSet) => planRandomChange(random(seed * 1000 + k), specs, changes);
        const said = planRandomChange(random(seed * 1000 + k), specs, new ChangeSet(first));
        const scoped = await answer(new Workspace(root, {}, root, later), plan, true);
        const full = await answer(new Workspace(root, {}, root, later), plan, false);
        expect(scoped, `seed ${seed}, change ${k}: ${said.join(", ")}`).toEqual(full);
        if (full.refused) refused++;
        else passed++;
      }
    }
    // both answers are common, so both paths were compared
    expect(refused).toBeGreaterThan(100);
    expect(passed).toBeGreaterThan(100);
  });
});

describe("named changes: the scoped check and the full check agree", () => {
  const task = (id: string, kind: Kind, state: State, links: Partial<Spec> = {}): Spec => ({
    id,
    kind,
    state,
    children: [],
    depends_on: [],
    blocks: [],
    ...links,
  });
  // e1 → s1 → t1, t2 (t1 waits for t2); d1, a done story with t3; e2 an empty epic; free
  const base = [
    task("e1", "epic", "ready", { children: ["s1"] }),
    task("s1", "story", "ready", { children: ["t1", "t2"] }),
    task("t1", "task", "ready", { depends_on: ["t2"] }),
    task("t2", "task", "in-progress"),
    task("d1", "story", "done", { children: ["t3"] }),
    task("t3", "task", "done"),
    task("e2", "epic", "ready"),
    task("free", "task", "ready"),
  ];
  const byId = (id: string) => base.find((s) => s.id === id)!;
  type Op = ["new", Spec] | ["write", Spec] | ["delete", string];
  const edit = (id: string, links: Partial<Spec>): ["write", Spec] => ["write", { ...byId(id), ...links }];
  const cases: [string, Op[], string | null][] = [
    [
      "new with depends_on an existing task",
      [["new", task("x", "task", "idea", { depends_on: ["t1"] })]],
      null,
    ],
    [
      "new with depends_on a missing id",
      [["new", task("x", "task", "idea", { depends_on: ["nope"] })]],
      "missing_dependency",
    ],
    [
      "new with blocks a missing id",
      [["new", task("x", "task", "idea", { blocks: ["nope"] })]],
      "missing_block_target",
    ],
    [
      "new story listing a child another story has",
      [["new", task("x", "story", "idea", { children: ["t1"] })]],
      "multiple_parents",
    ],
    [
      "new story listing a missing child",
      [["new", task("x", "story", "idea", { children: ["nope"] })]],
      "missing_child",
    ],
    ["new task with an id in use", [["new", task("t1", "task", "idea")]], "id_taken"],
    [
      "new task closing a depends_on cycle",
      [["new", task("x", "task", "idea", { depends_on: ["t1"] })], edit("t2", { depends_on: ["x"] })],
      "dependency_cycle",
    ],
    ["new task under an epic", [["new", task("x", "story", "idea")], edit("e2", { children: ["x"] })], null],
    [
      "new task under a story (wrong kind)",
      [["new", task("x", "story", "idea")], edit("s1", { children: ["t1", "t2", "x"] })],
      "invalid_child_kind",
    ],
    [
      "delete a task another depends on",
      [["delete", "t2"], edit("s1", { children: ["t1"] })],
      "missing_dependency",
    ],
    [
      "delete a task and the references to it",
      [["delete", "t2"], edit("t1", { depends_on: [] }), edit("s1", { children: ["t1"] })],
      null,
    ],
    ["delete a task nobody names", [["delete", "free"]], null],
    [
      "adopt under a done story",
      [edit("d1", { children: ["t3", "t1"] }), edit("s1", { children: ["t2"] })],
      "incomplete_descendant",
    ],
    ["adopt without leaving the old parent", [edit("d1", { children: ["t3", "t1"] })], "multiple_parents"],
    [
      "adopt from one story to another",
      [edit("s1", { children: ["t1"] }), ["new", task("s2", "story", "ready", { children: ["t2"] })]],
      null,
    ],
    ["a children cycle", [edit("s1", { children: ["t1", "t2", "e1"] })], "invalid_child_kind"],
    [
      "reopen a task under a done story",
      [["write", { ...byId("t3"), state: "ready" }]],
      "incomplete_descendant",
    ],
  ];

  it.each(cases)("%s", async (_name, ops, code) => {
    await loadFullYaml();
    const root = fixtureRepo(undefined, { git: true });
    dirs.push(root);
    for (const s of base) writeTask(root, pathOf(s), text(s));
    const first = new Workspace(root, {}, root, later);
    await loadRepository(first, { cache: true });
    first.flush();
    const plan = (changes: ChangeSet) => {
      for (const [op, arg] of ops) {
        if (op === "delete") changes.delete(pathOf(byId(arg)));
        else if (op === "new") changes.write(pathOf(arg), text(arg), true);
        else {
          const from = pathOf(byId(arg.id));
          if (pathOf(arg) !== from) changes.move(from, pathOf(arg));
          changes.write(pathOf(arg), text(arg));
        }
      }
    };
    const scoped = await answer(new Workspace(root, {}, root, later), plan, true);
    const full = await answer(new Workspace(root, {}, root, later), plan, false);
    expect(scoped).toEqual(full);
    expect(full.refused?.code ?? null).toBe(code);
  });
});
