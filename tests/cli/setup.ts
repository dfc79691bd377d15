// Shared setup for the in-process command tests: temp repositories removed after each test,
// a fixed clock, and a small hierarchy most commands can act on.
import { rmSync } from "node:fs";
import { afterEach } from "vitest";
import type { Clock } from "../../src/storage/workspace.js";
import { fixtureRepo, run } from "../helpers.js";

/** A clock frozen at `iso`: every timestamp a command writes is this instant. */
export const clockAt = (iso: string): Clock => ({ now: () => Date.parse(iso) });

export const T0 = "2026-03-01T10:00:00.000Z";
export const T1 = "2026-03-02T12:30:00.000Z";
export const t0 = clockAt(T0);
export const t1 = clockAt(T1);

/** Registers an afterEach that removes every repository made through the returned factory. */
export function tempRepos(): (name?: string, options?: { git?: boolean }) => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (name, options) => {
    const dir = fixtureRepo(name, options);
    made.push(dir);
    return dir;
  };
}

/** Runs a command that must succeed (fails the test with its stderr otherwise). */
export async function ok(args: string[], cwd: string, clock: Clock = t0, input?: string): Promise<string> {
  const r = await run(args, { cwd, clock, ...(input === undefined ? {} : { input }) });
  if (r.code !== 0) throw new Error(`taskplain ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/**
 * epic-one (idea) > story-one (idea) > task-one (ready, criteria "A" open and "B" checked),
 * task-two (ready, high, depends_on task-one); all written at T0.
 */
export async function seedHierarchy(cwd: string): Promise<void> {
  await ok(["new", "--title", "Epic one", "--kind", "epic"], cwd);
  await ok(["new", "--title", "Story one", "--parent", "epic-one"], cwd);
  await ok(
    ["new", "--title", "Task one", "--parent", "story-one", "--state", "ready"].concat([
      "--field",
      "acceptance_criteria",
      "- [ ] A\n- [x] B",
    ]),
    cwd,
  );
  await ok(
    ["new", "--title", "Task two", "--parent", "story-one", "--state", "ready", "--priority", "high"].concat([
      "--meta",
      "depends_on=task-one",
      "--field",
      "acceptance_criteria",
      "- [ ] C",
    ]),
    cwd,
  );
}

export const EPIC = "tasks/00-idea/epic-epic-one.md";
export const STORY = "tasks/00-idea/story-story-one.md";
export const TASK1 = "tasks/10-ready/task-task-one.md";
export const TASK2 = "tasks/10-ready/task-task-two.md";
