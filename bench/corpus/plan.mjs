// Plans the corpus as plain objects: hierarchy, states, dispatch metadata, times,
// references and execution telemetry. Writing files is the caller's job.
//
// Everything is drawn from one seeded stream in a fixed order, so the same (N, seed)
// always yields the same plan. Invariants the CLI validates are built in rather than
// repaired afterwards: kinds pair up (epic → story → task), a done parent has only
// done descendants, references point backwards (no cycles), attempts never overlap
// and end before completion.

import { planAttempts } from "./telemetry.mjs";
import * as W from "./words.mjs";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Every timestamp is an offset from this instant, never from the clock. */
export const BASE = Date.UTC(2025, 0, 1);
const ID_MAX = 24;

// A family's top node draws from ROOT_STATES; each child then draws from the row of
// its parent's state. The rows never put an open task under a done parent and avoid
// the drift warnings (done parent with canceled children, idea parent with done ones).
// Weights were tuned so whole corpora land near 10/20/5/60/5 percent.
const ROOT_STATES = { idea: 9, ready: 25, "in-progress": 11, done: 50, canceled: 5 };
const CHILD_STATES = {
  done: { done: 1 },
  canceled: { canceled: 70, done: 30 },
  "in-progress": { done: 45, "in-progress": 16, ready: 30, idea: 4, canceled: 5 },
  ready: { ready: 75, idea: 12, done: 9, canceled: 4 },
  idea: { idea: 85, ready: 15 },
};
// The first three roots are lone tasks in these states, so a benchmark always finds
// a dispatchable ready task, an in-progress task and a done task with telemetry.
const SAMPLE_STATES = ["ready", "in-progress", "done"];

const SIZES = {
  task: { tiny: 12, small: 30, medium: 35, large: 17, xl: 6 },
  story: { small: 10, medium: 40, large: 35, xl: 15 },
  epic: { large: 40, xl: 60 },
};

const slugWords = (text) =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
const capitalize = (text) => text[0].toUpperCase() + text.slice(1);

/** Longest prefix of whole words that fits in `max` characters. */
function fitWords(parts, max) {
  const all = parts.flatMap(slugWords);
  let id = "";
  for (const word of all) {
    const next = id ? `${id}-${word}` : word;
    if (next.length > max) break;
    id = next;
  }
  return id || all[0].slice(0, max);
}

function claimId(candidates, taken) {
  for (const parts of candidates) {
    const id = fitWords(parts, ID_MAX);
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
  // Same rule as `new`: append -2, -3, … and shorten the stem so the result fits.
  for (let k = 2; ; k += 1) {
    const suffix = `-${k}`;
    const id = fitWords(candidates[0], ID_MAX - suffix.length) + suffix;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

function describe(kind, area, rng, taken) {
  const [verb, type] = rng.pick(W.VERBS);
  const [object, stem] = rng.pick(W.OBJECTS);
  const named = (title, commitType, candidates) => ({
    title,
    type: commitType,
    verb,
    stem,
    object,
    id: claimId(candidates, taken),
  });
  if (kind === "epic") {
    const theme = rng.pick(W.THEMES);
    // Some titles carry ": " so that YAML quoting of titles gets exercised.
    const title = rng.chance(0.25) ? `${capitalize(area)}: ${theme}` : `${capitalize(area)} ${theme}`;
    return named(title, "feat", [
      [area, theme],
      [area, theme, stem],
    ]);
  }
  if (kind === "story") {
    return named(`${capitalize(object)} for ${area}`, "feat", [
      [area, object],
      [object, area],
      [area, stem],
    ]);
  }
  const title = rng.chance(0.1)
    ? `${capitalize(area)}: ${verb.toLowerCase()} ${object}`
    : `${verb} ${object} in ${area}`;
  return named(title, type, [
    [verb, object],
    [area, object],
    [verb, area, object],
    [object, area],
    [area, verb, stem],
  ]);
}

function buildTree(n, rng) {
  const nodes = [];
  const taken = new Set();
  const add = (kind, parent, state, area) => {
    const node = {
      index: nodes.length,
      kind,
      parent,
      state,
      area,
      children: [],
      ...describe(kind, area, rng, taken),
    };
    nodes.push(node);
    if (parent) parent.children.push(node);
    return node;
  };
  const childState = (parent) => rng.weighted(CHILD_STATES[parent.state]);
  // Tasks under a story mostly share its area; a few reach into another module.
  const childArea = (parent) => (rng.chance(0.8) ? parent.area : rng.pick(W.AREAS));

  for (let roots = 0; nodes.length < n; roots += 1) {
    const sample = SAMPLE_STATES[roots];
    const kind = sample ? "task" : rng.weighted({ epic: 14, story: 30, task: 56 });
    const root = add(kind, null, sample ?? rng.weighted(ROOT_STATES), rng.pick(W.AREAS));
    if (sample) root.sample = sample;
    const stories = kind === "epic" ? Array.from({ length: rng.int(2, 5) }, () => null) : [];
    for (let s = 0; s < stories.length && nodes.length < n; s += 1) {
      stories[s] = add("story", root, childState(root), root.area);
    }
    const parents = kind === "story" ? [root] : stories.filter(Boolean);
    for (const story of parents) {
      const count = rng.weighted({ 0: 1, 1: 3, 2: 4, 3: 4, 4: 2, 5: 1 });
      for (let t = 0; t < Number(count) && nodes.length < n; t += 1) {
        add("task", story, childState(story), childArea(story));
      }
    }
  }
  return nodes;
}

// Work in progress mostly names exact files: with hundreds of tasks in progress (5% of
// 10,000), area-wide globs there would leave `next --parallelize` nothing to hand out.
// Queued work uses globs freely, and some of it touches the shared hot paths.
function touchesFor(node, rng) {
  const file = `src/${node.area}/${node.stem}.ts`;
  const test = `tests/unit/${node.area}/${node.stem}.test.ts`;
  const doc = `docs/${node.area}.md`;
  if (node.state === "in-progress") {
    const list = rng.some([file, test, doc], rng.int(1, 2));
    if (rng.chance(0.03)) list.push(rng.pick(["package.json", "README.md"]));
    return list;
  }
  const list = rng.some([`src/${node.area}/**`, file, `src/${node.area}/*.ts`, test, doc], rng.int(1, 3));
  if (rng.chance(0.22)) list.push(rng.pick(W.HOT_PATHS));
  return [...new Set(list)];
}

function assignMetadata(node, rng) {
  const open = node.state !== "done" && node.state !== "canceled";
  node.priority = rng.weighted({ none: 4, low: 18, normal: 48, high: 22, urgent: 8 });
  // Older files often lack the dispatch keys; readers must apply defaults.
  if (node.sample || rng.chance(0.92)) {
    node.size = rng.weighted(SIZES[node.kind]);
    node.ambiguity = rng.weighted(
      node.state === "idea" ? { medium: 40, high: 60 } : { low: 50, medium: 35, high: 15 },
    );
    node.executor = rng.weighted({ simple: 20, standard: 55, expert: 20, human_review: 5 });
    // A global task in progress would stall all parallel dispatch, so work in progress
    // is never global (queued work sometimes is, and has to wait its turn).
    const global = node.state === "in-progress" ? 0 : 3;
    node.isolation = rng.weighted({ isolated: 25, module: 50, shared: 22, global });
  }
  const touchShare = node.kind === "task" ? (open ? 0.9 : 0.7) : node.kind === "story" ? 0.35 : 0;
  if (rng.chance(touchShare)) node.touches = touchesFor(node, rng);
  const blockedShare = { idea: 0.02, ready: 0.05, "in-progress": 0.08 }[node.state] ?? 0;
  if (rng.chance(blockedShare)) node.blocked = rng.pick(W.BLOCKED_REASONS);
  const assigneeShare = { "in-progress": 0.85, done: 0.45, ready: 0.08 }[node.state] ?? 0;
  if (rng.chance(assigneeShare)) node.assignees = rng.some(W.PEOPLE, rng.chance(0.1) ? 2 : 1);
  if (rng.chance(0.65)) node.labels = rng.some(W.LABELS, rng.int(1, 3));
  if (rng.chance(0.1)) {
    node.links = [
      rng.chance(0.7)
        ? { type: "github_issue", repo: "acme/storefront", number: rng.int(1, 4000) }
        : { type: "linear", key: `SHOP-${rng.int(10, 2500)}` },
    ];
  }
  if (node.sample) {
    // The benchmark's ready task must be dispatchable and its update must change it.
    Object.assign(node, { priority: "normal", size: "small", ambiguity: "low", executor: "standard" });
    // Its own files only, no globs or hot paths, so work in progress rarely overlaps it.
    const touches = [`src/${node.area}/${node.stem}.ts`, `tests/unit/${node.area}/${node.stem}.test.ts`];
    Object.assign(node, { isolation: "module", blocked: undefined, touches });
  }
}

const randomMs = (rng) => rng.int(0, 999);

// Creation times flow down the tree (a child is created after its parent), completion
// times flow up (a parent is done after its last child). Nodes are in pre-order, so a
// forward pass and a backward pass are enough.
function assignTimes(nodes, rng) {
  for (const node of nodes) {
    if (node.parent) {
      node.created = node.parent.created + Math.round(rng.logBetween(5 * MINUTE, 7 * DAY));
    } else {
      const early = node.state === "done" || node.state === "canceled";
      node.created = BASE + (early ? rng.int(0, 270) : rng.int(120, 300)) * DAY + rng.int(0, DAY - 1);
    }
  }
  for (let i = nodes.length - 1; i >= 0; i -= 1) {
    const node = nodes[i];
    const latestChild = Math.max(node.created, ...node.children.map((child) => child.updated));
    if (node.state === "done") {
      const own = node.children.length === 0 ? Math.round(rng.logBetween(3 * HOUR, 15 * DAY)) : 2 * HOUR;
      node.completed =
        Math.max(node.created + own, latestChild) + Math.round(rng.logBetween(10 * MINUTE, 2 * DAY));
      node.completed += randomMs(rng) - (node.completed % 1000);
      node.updated = node.completed;
    } else {
      const gap =
        node.state === "canceled" ? rng.logBetween(HOUR, 30 * DAY) : rng.logBetween(10 * MINUTE, 20 * DAY);
      node.updated = (node.state === "canceled" ? latestChild : node.created) + Math.round(gap);
    }
  }
}

function assignReferences(nodes, rng) {
  const doneSoFar = [];
  for (const node of nodes) {
    if (
      node.kind !== "epic" &&
      node.index > 3 &&
      !node.sample &&
      rng.chance(node.state === "ready" ? 0.25 : 0.15)
    ) {
      const open = node.state !== "done" && node.state !== "canceled";
      const targets = new Set();
      for (let k = rng.chance(0.3) ? 2 : 1; k > 0; k -= 1) {
        // Finished work may only wait on finished work; open work mostly does too.
        const target = !open || rng.chance(0.75) ? rng.pick(doneSoFar) : nodes[rng.int(0, node.index - 1)];
        const related = target === node.parent || target === node.parent?.parent;
        if (target && !related && target.state !== "canceled") targets.add(target);
      }
      if (targets.size > 0) {
        node.dependsOn = [...targets].map((target) => target.id);
        for (const target of targets) {
          if (target.state !== "done" && rng.chance(0.5)) target.blocks = [...(target.blocks ?? []), node.id];
        }
      }
    }
    if (node.state === "done") doneSoFar.push(node);
  }
}

function commitMessage(node) {
  // The scope already names the area, so a task's subject is just "verb object".
  const subject = node.kind === "task" ? `${node.verb} ${node.object}` : node.title.replace(": ", " ");
  return `${node.type}(${node.area}): ${subject.toLowerCase()}  [Task:${node.id}]`;
}

/** Plans `n` tasks. Returns the nodes in pre-order (parents before children). */
export function planCorpus(n, rng) {
  const nodes = buildTree(n, rng);
  for (const node of nodes) assignMetadata(node, rng);
  assignTimes(nodes, rng);
  assignReferences(nodes, rng);
  for (const node of nodes) {
    if (node.state === "done") node.commitMessage = commitMessage(node);
    const leaf = node.children.length === 0;
    const telemetryShare = { done: leaf ? 0.85 : 0.1, "in-progress": leaf ? 0.4 : 0 }[node.state] ?? 0;
    if (node.sample === "in-progress" || node.sample === "done" || rng.chance(telemetryShare)) {
      node.attempts = planAttempts(node, rng);
      if (node.state === "in-progress") {
        node.updated = Math.max(
          node.updated,
          Date.parse(node.attempts.at(-1).ended_at) + rng.int(1, 90) * MINUTE,
        );
      }
    }
    node.lastActivity = rng.chance(0.92) ? node.updated : undefined;
  }
  return nodes;
}
