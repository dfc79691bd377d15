// Execution attempts for one task, shaped like the telemetry contract: sessions by a
// few tools and models whose odds of landing the work depend on the model and on how
// hard the task is, so `stats --by model,ambiguity` has a real pattern to find.
//
// Attempt times are whole seconds, so duration_seconds equals ended − started exactly.

import * as W from "./words.mjs";

const SECOND = 1000;
const SIZE_MINUTES = { tiny: 4, small: 10, medium: 25, large: 50, xl: 90 };
const AMBIGUITY_PENALTY = { low: 0, medium: 0.12, high: 0.27 };
const SIZE_PENALTY = { tiny: -0.05, small: 0, medium: 0.04, large: 0.1, xl: 0.16 };
const TOOL_SHARES = Object.fromEntries(Object.entries(W.TOOLS).map(([tool, info]) => [tool, info.share]));
const REVIEWERS = W.PEOPLE.filter((name) => !/\d|bot/.test(name));

const iso = (ms) => new Date(ms).toISOString();
const sum = (values) => values.reduce((total, value) => total + value, 0);

function pickExecutor(rng) {
  const tool = rng.weighted(TOOL_SHARES);
  return { tool, model: rng.weighted(W.TOOLS[tool].models) };
}

function fillIn(template, node) {
  const area = node.area;
  return template
    .replaceAll("{area}", area)
    .replaceAll("{Area}", area[0].toUpperCase() + area.slice(1))
    .replaceAll("{stem}", node.stem);
}

// How each session ended. Done tasks end with a completed session (at the latest on
// the fourth); in-progress tasks have only failed or abandoned ones so far.
function sessions(node, rng) {
  const done = node.state === "done";
  const difficulty = AMBIGUITY_PENALTY[node.ambiguity ?? "low"] + SIZE_PENALTY[node.size ?? "medium"];
  const limit = done ? 4 : rng.int(1, 3);
  let who = pickExecutor(rng);
  const runs = [];
  for (let k = 1; k <= limit; k += 1) {
    const lands = done && (k === limit || rng.chance(W.MODEL_SKILL[who.model] - difficulty));
    const status = lands ? "completed" : rng.chance(0.75) ? "failed" : "abandoned";
    const minutes = SIZE_MINUTES[node.size ?? "medium"] * rng.logBetween(0.35, 2.8);
    const seconds = Math.round(minutes * 60 * (status === "abandoned" ? 1.6 : 1));
    runs.push({ status, who, seconds: Math.max(20, seconds) });
    if (lands) break;
    // After a failure an orchestrator often escalates to another model.
    if (rng.chance(0.3)) who = pickExecutor(rng);
  }
  return runs;
}

/** The attempts of `node` (done or in-progress), ready to be written as YAML. */
export function planAttempts(node, rng) {
  const runs = sessions(node, rng);
  let gaps = runs.slice(1).map(() => Math.round(rng.logBetween(60, 8 * 3600)));
  let tail = Math.round(rng.logBetween(60, 4 * 3600));
  let start;
  if (node.state === "done") {
    // Everything must fit between creation and completion; a task finished quickly
    // gets proportionally shorter sessions and pauses. The 60 s and per-attempt
    // reserve absorb the rounding up below, so the first start stays after creation.
    const room = Math.floor((node.completed - node.created) / SECOND) - 60 - 21 * runs.length;
    const scale = Math.min(1, room / (sum(runs.map((run) => run.seconds)) + sum(gaps) + tail));
    for (const run of runs) run.seconds = Math.max(20, Math.floor(run.seconds * scale));
    gaps = gaps.map((gap) => Math.max(1, Math.floor(gap * scale)));
    tail = Math.max(1, Math.floor(tail * scale));
    const busy = sum(runs.map((run) => run.seconds)) + sum(gaps) + tail;
    start = Math.floor(node.completed / SECOND) * SECOND - busy * SECOND;
  } else {
    start = Math.ceil(node.created / SECOND) * SECOND + Math.round(rng.logBetween(600, 86_400)) * SECOND;
  }

  const attempts = [];
  let clock = start;
  runs.forEach((run, i) => {
    if (i > 0) clock += gaps[i - 1] * SECOND;
    const ended = clock + run.seconds * SECOND;
    const attempt = {
      started_at: iso(clock),
      ended_at: iso(ended),
      duration_seconds: run.seconds,
      status: run.status,
    };
    if (run.status === "failed") attempt.error_reason = fillIn(rng.pick(W.FAILURES), node);
    if (run.status === "abandoned") attempt.error_reason = rng.pick(W.ABANDON_REASONS);
    attempt.executor = { ...run.who };
    if (rng.chance(0.04)) attempt.executor.planner = { tool: "conductor", model: "gpt-5" };
    if (run.status === "completed" && rng.chance(0.3)) {
      // Reviewed after the session, before the task was closed.
      const reviewer = { name: rng.pick(REVIEWERS), approved: true };
      reviewer.reviewed_at = iso(ended + Math.floor(tail / 2) * SECOND);
      if (rng.chance(0.5)) reviewer.notes = rng.pick(W.REVIEW_NOTES);
      attempt.reviewer = reviewer;
    } else if (run.status === "failed" && i < runs.length - 1 && rng.chance(0.1)) {
      const reviewer = { name: rng.pick(REVIEWERS), approved: false };
      reviewer.reviewed_at = iso(ended + Math.floor(gaps[i] / 2) * SECOND);
      reviewer.notes = rng.pick(W.REJECT_NOTES);
      attempt.reviewer = reviewer;
    }
    if (i > 0 && rng.chance(0.15)) attempt.notes = rng.pick(W.ATTEMPT_NOTES);
    attempts.push(attempt);
    clock = ended;
  });
  return attempts;
}
