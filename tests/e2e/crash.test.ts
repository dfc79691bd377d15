// The crash suite (quality.md "Atomic writes", "One writer at a time"): writers are
// killed with SIGKILL at random moments, in waves of concurrent processes, at least
// 200 times. After every wave no task file is torn, empty or missing; after the last,
// one ordinary write gets the lock without manual steps (a dead holder's lock is taken
// over, not waited out) and sweeps the temp files the killed writers left in tasks/.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TaskFile } from "../../src/storage/taskFile.js";
import { prng } from "../corpus/generate.js";
import { CLI, fixtureRepo, run, runBinary, tempDir, writeTask } from "../helpers.js";

const KILLS = Number(process.env.TASKPLAIN_CRASH_KILLS ?? 200);
const WAVE = 6;
/** Upper bound for the whole run: the suite stops early (and fails) rather than hang. */
const BUDGET_MS = 240_000;
const TASKS = ["crash-a", "crash-b", "crash-c"];
const T0 = "2026-04-01T08:00:00.000Z";

/** A valid body whose overview is made of one letter, so any mix of two versions is visible. */
const bodyOf = (letter: string) =>
  `\n## Overview\n\n${`${letter.repeat(79)}\n`.repeat(1500)}\n## Acceptance Criteria\n\n- [ ] Whole\n\n## Technical Approach\n\n- Atomic.\n`;
const LETTERS = ["A", "B", "C", "D"];
const BODIES = new Set(LETTERS.map(bodyOf));

const TEMPLATE =
  "\n## Overview\n\nStart.\n\n## Acceptance Criteria\n\n- [ ] Whole\n\n## Technical Approach\n\n- Atomic.\n";
const initial = (id: string) =>
  `---\nid: ${id}\ntitle: Crash ${id}\nkind: task\nstate: ready\npriority: normal\ncreated_at: ${T0}\nupdated_at: ${T0}\n---\n${TEMPLATE}`;

describe("crash suite", () => {
  it(`≥ ${KILLS} SIGKILLs at random moments leave no torn file, no temp file, no stuck lock`, async () => {
    const cwd = fixtureRepo();
    for (const id of TASKS) writeTask(cwd, `tasks/10-ready/task-${id}.md`, initial(id));
    const scratch = tempDir();
    const bodyFile = (letter: string) => path.join(scratch, `${letter}.md`);
    for (const letter of LETTERS) writeFileSync(bodyFile(letter), bodyOf(letter));
    const rand = prng(20260401);
    // How long one writer lives on this machine right now, re-estimated from every writer
    // that finishes: kills are spread over that span, so they land in start-up, lock
    // waits, reads, writes and renames alike, and some writers finish first.
    const t0 = Date.now();
    expect((await runBinary(["update", "crash-c", "--meta", "x-calibration=1"], { cwd })).code).toBe(0);
    let life = Math.max(100, Date.now() - t0);
    const started = Date.now();
    const tally = {
      kills: 0,
      exitedFirst: 0,
      writers: 0,
      changesSeen: 0,
      tempFilesSeen: 0,
      checks: 0,
      writerMs: life,
    };
    let lastSeen = "";

    const check = () => {
      tally.checks += 1;
      const present: string[] = [];
      let seen = "";
      for (const folder of ["00-idea", "10-ready", "20-in-progress", "30-done", "40-canceled"]) {
        for (const name of readdirSync(path.join(cwd, "tasks", folder))) {
          if (!name.endsWith(".md")) {
            tally.tempFilesSeen += 1; // a killed writer's temp file; swept by the next write
            continue;
          }
          const text = readFileSync(path.join(cwd, "tasks", folder, name), "utf8");
          expect(text.length, name).toBeGreaterThan(0);
          const file = TaskFile.parse(text); // throws on a torn frontmatter
          expect(file.body === TEMPLATE || BODIES.has(file.body), `${name}: body is whole`).toBe(true);
          present.push(String(file.data().id));
          seen += text.length + text.slice(0, 400);
        }
      }
      expect(present.sort()).toEqual([...TASKS].sort());
      if (seen !== lastSeen) tally.changesSeen += 1;
      lastSeen = seen;
    };

    let attemptNo = 0;
    const writer = (i: number): string[] => {
      const id = TASKS[i % TASKS.length]!;
      const pick = Math.floor(rand() * 3);
      if (pick === 0)
        return [
          "update",
          id,
          "--field",
          "body",
          `@${bodyFile(LETTERS[Math.floor(rand() * LETTERS.length)]!)}`,
        ];
      if (pick === 1) return ["update", id, "--meta", `x-crash=${Math.floor(rand() * 1e6)}`];
      attemptNo += 1;
      const start = new Date(Date.parse(T0) + attemptNo * 60_000).toISOString();
      const end = new Date(Date.parse(start) + 30_000).toISOString();
      return [
        "attempt",
        "add",
        id,
        "--tool",
        "crasher",
        "--status",
        "abandoned",
        "--error",
        "killed",
        "--started",
        start,
        "--ended",
        end,
        "--duration",
        "30",
      ];
    };

    // A pool of WAVE writers: each slot starts a writer, kills it at a random moment of
    // its expected life (unless it finished first), checks every file, and starts the next.
    const slot = async (n: number) => {
      while (tally.kills < KILLS && Date.now() - started < BUDGET_MS) {
        tally.writers += 1;
        const t = Date.now();
        const child = spawn(process.execPath, [CLI, ...writer(n + tally.writers)], {
          cwd,
          stdio: "ignore",
          env: { ...process.env, TASKPLAIN_ROOT: "", TASKPLAIN_LOCK_TIMEOUT_MS: "30000" },
        });
        const closed = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
        const timer = setTimeout(
          () => {
            tally.kills += 1;
            child.kill("SIGKILL");
          },
          Math.floor(life * (0.1 + rand())),
        );
        const code = await closed;
        clearTimeout(timer);
        // Self-tuning: a kill stretches the expected life a little, a writer that finished
        // pulls it towards its real duration, so kills keep landing across the whole run.
        if (code !== null) {
          tally.exitedFirst += 1;
          life = Math.round(0.7 * life + 0.3 * (Date.now() - t));
        } else life = Math.round(life * 1.05);
        check();
      }
    };
    await Promise.all(Array.from({ length: WAVE }, (_, n) => slot(n)));
    tally.writerMs = life;
    expect(tally.kills).toBeGreaterThanOrEqual(KILLS);
    // the kills were not all before the first write: the files kept changing
    expect(tally.changesSeen).toBeGreaterThan(tally.writers / 10);

    // The lock is recovered without manual steps: the next writer gets it promptly.
    const t = Date.now();
    const after = await runBinary(["update", "crash-a", "--meta", "x-after=yes"], {
      cwd,
      env: { TASKPLAIN_LOCK_TIMEOUT_MS: "15000" },
    });
    const recoveryMs = Date.now() - t;
    expect(after.code, after.stderr).toBe(0);
    check();
    const leftovers = ["00-idea", "10-ready", "20-in-progress", "30-done", "40-canceled"].flatMap((f) =>
      readdirSync(path.join(cwd, "tasks", f)).filter((n) => !n.endsWith(".md") && n !== ".gitkeep"),
    );
    expect(leftovers).toEqual([]);
    const report = JSON.parse((await run(["validate", "--output", "json"], { cwd })).stdout);
    expect(report.errors.map((e: { code: string; message: string }) => `${e.code}: ${e.message}`)).toEqual(
      [],
    );
    const shown = JSON.parse((await run(["show", "crash-a", "--output", "json"], { cwd })).stdout);
    expect(shown["x-after"]).toBe("yes");
    console.log(
      `crash suite: ${JSON.stringify({ ...tally, seconds: Math.round((Date.now() - started) / 1000), recoveryMs })}`,
    );
  }, 300_000);
});
