// Markdown bodies: the template's sections filled with varied sentences, so files
// range from a few hundred bytes (a rough idea) to a few KB (a finished epic), and
// parsers see lists, checkboxes, inline code, links and the odd fenced block.
//
// Each body uses its own random stream (seeded by the task id), so changing the text
// templates never shifts the metadata of the corpus.

const OVERVIEW = [
  "Customers in {area} keep running into problems with {object}, and support tickets about it doubled last quarter.",
  "Today {object} in {area} is handled ad hoc in three places, each with slightly different rules.",
  "The {area} team asked for {object} so that their on-call rotation stops chasing the same incident.",
  "Without {object}, every change to {area} needs a manual check that nobody enjoys and everybody forgets.",
  "We want {object} to behave the same way in the web app, the CLI and the public API.",
  "This is a prerequisite for the next {area} milestone; later work assumes it is in place.",
  "Measured on production traffic, the current approach costs about {n} ms per request in {area}.",
  "The goal is a small, well-tested change rather than a rewrite of `src/{area}`.",
  "Out of scope: any redesign of the {area} screens and any change to billing.",
  "Success means fewer retries, clearer errors and no new configuration for users.",
  "Several agents already touch `src/{area}/{stem}.ts`; this work should keep their changes easy to merge.",
  "See the incident notes from week {week} for the failure that started this.",
];

const CRITERIA = [
  "`{stem}` handles the empty case without throwing",
  "{object} works for accounts with more than {n} records",
  "errors from {area} carry a stable code and a readable message",
  "the behaviour is covered by unit tests in `tests/unit/{area}/{stem}.test.ts`",
  "`--output json` includes the new fields",
  "`docs/{area}.md` explains {object} with one example",
  "no request in {area} gets slower than before (p95)",
  "existing data is migrated without downtime",
  "a feature flag guards the change until rollout is complete",
  "logs include the trace id for every {object} failure",
  "the CLI prints a hint when {object} is misconfigured",
  "retries stop after the configured limit",
];

const APPROACH = [
  "Start by extracting the current logic from `src/{area}/index.ts` into `src/{area}/{stem}.ts` with no behaviour change.",
  "Keep the public interface stable; callers in other modules should not need to change.",
  "Use the existing repository layer instead of issuing queries directly.",
  "Add the new code path behind the `{stem}` flag and switch it on per tenant.",
  "Write the failing tests first, from the reproduction in the linked issue.",
  "Measure before and after with the benchmark script and record both numbers here.",
  "Prefer a pure function for the rules so the tests need no database.",
  "Reuse the retry helper from `src/shared/retry.ts` rather than writing another loop.",
  "Any schema change ships in its own migration, separate from the code change.",
  "Coordinate with the {area} owners before touching shared types in `src/domain`.",
];

const CHANGELOG = [
  "{Verbed} {object} in {area}.",
  "{area}: {object} now reports clear errors instead of failing silently.",
  "Faster {object} for large {area} workspaces.",
  "{object} is now configurable per workspace.",
];

const DECISIONS = [
  "Kept the old code path for one release so rollback stays a config change.",
  "Chose a pure function over a class; there is no state to hold.",
  "Did not add a new dependency; the standard library covers what we need.",
  "Limited the first version to {n} items per batch; nobody asked for more.",
  "Stored timestamps in UTC and convert only at the edges.",
  "Logged at debug level, not info, to keep production logs quiet.",
];

const CHANGES = [
  "New module `src/{area}/{stem}.ts`; `src/{area}/index.ts` only wires it in.",
  "Tests in `tests/unit/{area}/{stem}.test.ts` cover the happy path and two error cases.",
  "The `{stem}` flag defaults to on; the old path is marked deprecated.",
  "Shared types moved to `src/domain/{stem}.ts`.",
  "Docs updated in `docs/{area}.md`.",
];

const CODE = [
  "```ts\nexport function {stem}Limit(input: number): number {\n  return Math.min(input, {n});\n}\n```",
  "```sh\nnpm run test -- {area}\n```",
  '```json\n{ "{stem}": { "enabled": true, "limit": {n} } }\n```',
];

function fill(template, node, rng) {
  return template
    .replaceAll("{area}", node.area)
    .replaceAll("{object}", node.object)
    .replaceAll("{stem}", node.stem)
    .replaceAll("{Verbed}", node.type === "fix" ? "Fixed" : node.type === "perf" ? "Sped up" : "Added")
    .replaceAll("{n}", String(rng.pick([50, 100, 250, 500, 1000, 5000])))
    .replaceAll("{week}", String(rng.int(1, 52)))
    .replace(/^[a-z]/, (first) => first.toUpperCase());
}

const sentences = (pool, count, node, rng) => rng.some(pool, count).map((line) => fill(line, node, rng));

// How many criteria are ticked: all when done, never all while work is open (that
// is a validation warning), none for ideas.
function checkedCount(state, total, rng) {
  if (state === "done") return total;
  if (state === "in-progress") return rng.int(0, total - 1);
  if (state === "ready") return rng.chance(0.2) ? rng.int(0, total - 1) : 0;
  if (state === "canceled") return rng.int(0, total);
  return 0;
}

/** The Markdown body of `node` (everything after the frontmatter). */
export function renderBody(node, rng) {
  const rich = node.state !== "idea";
  const out = ["## Overview", ""];
  out.push(sentences(OVERVIEW, rich ? rng.int(2, 6) : rng.int(1, 2), node, rng).join(" "), "");
  if (rich && rng.chance(0.35)) out.push(sentences(OVERVIEW, rng.int(1, 3), node, rng).join(" "), "");
  if (node.children.length > 0) {
    out.push(node.kind === "epic" ? "### Stories" : "### Tasks", "");
    for (const child of node.children) out.push(`- ${child.title} (\`${child.id}\`)`);
    out.push("");
  }

  out.push("## Acceptance Criteria", "");
  const criteria = sentences(CRITERIA, rich ? rng.int(2, 7) : rng.int(1, 2), node, rng);
  const checked = checkedCount(node.state, criteria.length, rng);
  for (const [i, line] of criteria.entries()) out.push(`- [${i < checked ? "x" : " "}] ${line}`);
  out.push("", "## Technical Approach", "");
  if (rich) {
    out.push(sentences(APPROACH, rng.int(1, 4), node, rng).join(" "), "");
    if (node.touches) {
      out.push("Files in play:", "");
      for (const glob of node.touches) out.push(`- \`${glob}\``);
      out.push("");
    }
    if (rng.chance(0.2)) out.push(fill(rng.pick(CODE), node, rng), "");
    if (rng.chance(0.4)) out.push(sentences(APPROACH, rng.int(1, 3), node, rng).join(" "), "");
  }

  out.push("## Post-Implementation Insights", "", "### Changelog", "");
  if (node.state === "done")
    out.push(...sentences(CHANGELOG, rng.int(1, 2), node, rng).map((s) => `- ${s}`), "");
  out.push("### Decisions", "");
  if (node.state === "done")
    out.push(...sentences(DECISIONS, rng.int(1, 3), node, rng).map((s) => `- ${s}`), "");
  out.push("### Technical Changes", "");
  if (node.state === "done")
    out.push(...sentences(CHANGES, rng.int(1, 3), node, rng).map((s) => `- ${s}`), "");
  while (out.at(-1) === "") out.pop();
  return `${out.join("\n")}\n`;
}
