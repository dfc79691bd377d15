// Turns measured cases into the Markdown that `npm run bench` prints and writes to
// docs/benchmarks.md: the results table against the targets of quality.md, and a
// scaling section that shows whether repository-wide commands grow linearly.

const RSS_LIMIT_MB = 250;
/**
 * quality.md gives single-command targets in milliseconds for "a 2-core machine"; this
 * machine kind measured `node -e 0` at 49–50 ms when the targets were first checked
 * (2026-11-24), yet some days it runs twice as slow. Times are therefore also shown
 * scaled to a 50 ms floor — the same-run ratio the spec asks to compare.
 */
export const REFERENCE_FLOOR_MS = 50;

const fmtMs = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const fmtInt = (n) => n.toLocaleString("en-US");
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

const FLOOR_NAMES = { node: "`node -e 0`", read: "read every task file", find: "find one task file" };

/** The same run's floor result that `result` is held to (undefined when it has none or it failed). */
function floorFor(result, results) {
  const against = result.case.against;
  if (!against) return undefined;
  return results.find((other) => other.n === result.n && other.case.floorOf === against && !other.failed);
}

/**
 * ✓/✗ for one measured case; failures and missing data never count as a pass. Floor
 * ratios (`ratio`, `floorRatio`) are judged on CPU time (user + system), the figure a
 * loaded machine distorts least; the wall-clock ratio is shown beside it.
 * `floorMedian` is the same run's `node -e 0` median, for the millisecond targets.
 */
export function verdict(result, floorMedian, ownFloor) {
  if (result.failed) return `✗ failed (exit ${result.failed.code})`;
  const problems = [];
  const { target } = result.case;
  const limit = target?.ratio ?? target?.floorRatio;
  if (limit) {
    if (!ownFloor) problems.push("no floor");
    else if (!(result.cpuMs <= limit * ownFloor.cpuMs)) problems.push("× floor");
  }
  let scaledOnly = false;
  if (target?.ms && !(result.median <= target.ms)) {
    const scaled = floorMedian ? (result.median / floorMedian) * REFERENCE_FLOOR_MS : Number.NaN;
    if (scaled <= target.ms) scaledOnly = true;
    else problems.push("ms");
  }
  if (!(result.rssMb <= RSS_LIMIT_MB)) problems.push(Number.isNaN(result.rssMb) ? "no RSS" : "RSS");
  if (!target && result.case.floorOf) return problems.includes("RSS") ? "✗ RSS" : "—";
  if (problems.length > 0) return `✗ ${problems.join(", ")}`;
  return scaledOnly ? `✓ (ms at a ${REFERENCE_FLOOR_MS} ms floor)` : "✓";
}

function targetText(target) {
  if (!target) return "—";
  const parts = [];
  if (target.ratio) parts.push(`≤ ${target.ratio} × floor`);
  if (target.floorRatio) parts.push(`≤ ${target.floorRatio} × floor`);
  if (target.ms) parts.push(`≤ ${fmtInt(target.ms)} ms`);
  return parts.join("; ");
}

function resultsTable(results) {
  const lines = [
    "| N | command | median ms | min | max | CPU ms | floor | × floor (wall) | × floor (CPU) | peak RSS MB | target | ok? |",
    "|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---|---|",
  ];
  for (const result of results) {
    const node = results.find(
      (other) => other.n === result.n && other.case.floorOf === "node" && !other.failed,
    );
    const own = floorFor(result, results);
    const name = `\`${result.case.name}\``;
    const rss = Number.isNaN(result.rssMb) ? "—" : result.rssMb.toFixed(0);
    const floorName = result.case.against ? FLOOR_NAMES[result.case.against] : "—";
    if (result.failed) {
      lines.push(
        `| ${fmtInt(result.n)} | ${name} | — | — | — | — | ${floorName} | — | — | ${rss} | ${targetText(result.case.target)} | ${verdict(result)} |`,
      );
      continue;
    }
    const wall = own ? `${(result.median / own.median).toFixed(2)}×` : "—";
    const cpu = own ? `${(result.cpuMs / own.cpuMs).toFixed(2)}×` : "—";
    lines.push(
      `| ${fmtInt(result.n)} | ${name} | ${fmtMs(result.median)} | ${fmtMs(result.min)} | ${fmtMs(result.max)} | ` +
        `${fmtMs(result.cpuMs)} | ${floorName} | ${wall} | ${cpu} | ${rss} | ${targetText(result.case.target)} | ` +
        `${verdict(result, node?.median, own)} |`,
    );
  }
  return lines;
}

// Per-task cost of the repository-wide commands. Start-up is subtracted first: the
// fastest `show <id>` of any size, which loads the same code but reads one file (the
// bare `node -e 0` floor if show failed); a show that itself slows down with N must
// not hide work. A ratio near or below 1 between the two sizes means linear growth;
// clearly above 1 means something grows faster than the number of tasks.
const NOISE_MS = 20;

function scalingTable(results, sizes) {
  const small = Math.min(...sizes);
  const large = Math.max(...sizes);
  if (small === large) return [];
  const ok = results.filter((r) => !r.failed);
  const shows = ok.filter((r) => r.case.name === "show <id>").map((r) => r.median);
  const floors = ok.filter((r) => r.case.floorOf === "node").map((r) => r.median);
  const startup = shows.length > 0 ? Math.min(...shows) : floors.length > 0 ? Math.min(...floors) : undefined;
  const lines = [
    "",
    "## Scaling",
    "",
    `Work per task of the repository-wide commands at ${fmtInt(small)} and ${fmtInt(large)} tasks: the median minus ` +
      "the start-up cost (the fastest `show <id>`, which loads the same code but reads one file), divided by the " +
      "number of tasks. A ratio at or below 1 means cost grows linearly; clearly above 1 means some work grows faster " +
      `than the number of tasks. Differences under ${NOISE_MS} ms are within noise.`,
    "",
    `| command | µs/task at ${fmtInt(small)} | µs/task at ${fmtInt(large)} | ratio | linear? |`,
    "|---|---:|---:|---:|---|",
  ];
  for (const result of results.filter((r) => r.n === small && r.case.repoWide)) {
    const other = results.find((r) => r.n === large && r.case.name === result.case.name);
    if (result.failed || !other || other.failed || startup === undefined) {
      lines.push(`| \`${result.case.name}\` | — | — | — | not measured |`);
      continue;
    }
    const netSmall = Math.max(0, result.median - startup);
    const netLarge = Math.max(0, other.median - startup);
    const perSmall = (netSmall * 1000) / small;
    const perLarge = (netLarge * 1000) / large;
    const ratio = perSmall > 0 ? perLarge / perSmall : Number.NaN;
    const linear = netLarge < NOISE_MS ? "✓ (within noise)" : ratio <= 1.3 ? "✓" : "✗";
    lines.push(
      `| \`${result.case.name}\` | ${perSmall.toFixed(1)} | ${perLarge.toFixed(1)} | ` +
        `${Number.isNaN(ratio) ? "—" : ratio.toFixed(2)} | ${linear} |`,
    );
  }
  return lines;
}

/** The whole report as Markdown. */
export function renderReport({
  results,
  sizes,
  settings,
  machine,
  hyperfineVersion,
  corpus,
  date,
  longLived,
  analysis,
}) {
  const failures = results.filter((r) => r.failed);
  const lines = [
    "# Benchmarks",
    "",
    `Measured ${date} with \`npm run bench\` on Node ${machine.node}, ${machine.cores} cores (${machine.cpu}), ` +
      `${machine.memoryGb} GB RAM, ${machine.os}, ${hyperfineVersion}.`,
    "",
    `Corpus: \`bench/gen-corpus.mjs\`, seed \`${corpus.seed}\` (generator ${corpus.hash}), one git repository per size. ` +
      `Each command ran ${plural(settings.runs, "time")} per size in ${plural(settings.rounds, "interleaved round")} ` +
      `(${plural(settings.warmup, "warm-up run")} per round), so machine drift hits all commands alike; ` +
      "times are wall-clock milliseconds. Commands that write are reset with `git checkout -- tasks` before every run. " +
      `Peak RSS is the largest of ${plural(settings.rounds, "run")} under \`/usr/bin/time -v\`.`,
    "",
    `Targets come from \`quality.md\` and apply at 10,000 tasks on a 2-core machine; peak memory ≤ ${RSS_LIMIT_MB} MB for every command. ` +
      `The machine is noisy and its speed varies from day to day, so besides the raw times the table shows each ` +
      `median scaled to a ${REFERENCE_FLOOR_MS} ms \`node -e 0\` floor (what this machine kind measured when the ` +
      "targets were first checked); a millisecond target met only after that scaling says so. " +
      "Repository-wide reads use the parse cache (`.git/taskplain-cache`, and `list --output json` the view cache `.git/taskplain-views`, filled by the warm-up run); " +
      "the rows marked *(no cache)* run with `TASKPLAIN_CACHE=0`, as the first command after a clone would.",
    "",
    "Each command is held to a floor timed in the same rounds: repository-wide commands to *read every task file* " +
      "(`bench/read-floor.mjs`: list the five folders, read each file, cut out its frontmatter), single-task commands " +
      "to *find one task file* (list the folders, read the one file), `--version`/`--help` to `node -e 0`. " +
      "The ratio is given on wall-clock medians and on mean CPU time (user + system, from hyperfine); " +
      "the verdict uses the CPU ratio, since on a shared, loaded machine wall-clock time mostly measures the neighbours.",
    "",
    ...resultsTable(results),
    ...scalingTable(results, sizes),
  ];
  if (longLived) {
    lines.push(
      "",
      "## Long-lived Workspace (board, MCP)",
      "",
      "`bench/long-lived.mjs` keeps one Workspace open, as the board and the MCP server do, and times in process " +
        "(no start-up) what `task_get` / `GET /api/tasks/:id` (getTask and its task object), `show` and " +
        "`task_list` / `GET /api/tasks` (listTasks over every task) cost per request, after one first read. " +
        "*watched*: the folders are watched as the MCP server watches them on Linux (`settle()` before each " +
        "request: every change made before it is applied through `invalidate(paths)`), so a read reuses the " +
        "previous records without a stat per file; *stat-only*: no watcher, every read stats each file (the MCP " +
        "server elsewhere). Wall-clock milliseconds, and " +
        "the CPU time (user + system) of the same calls, which the targets are judged on.",
      "",
      longLived.trimEnd(),
    );
  }
  // The hand-written reading of the figures (where the time goes, what is out of reach)
  // lives in bench/analysis.md, so a new run keeps it.
  if (analysis) lines.push("", analysis.trimEnd());
  if (failures.length > 0) {
    lines.push("", "## Failed commands", "");
    for (const result of failures) {
      lines.push(
        `- ${fmtInt(result.n)} tasks, \`${result.command}\`: exit ${result.failed.code}: ${result.failed.message}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
