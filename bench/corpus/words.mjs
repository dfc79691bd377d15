// Vocabulary for the corpus: product areas, things to build, people, tools and the
// ways attempts fail. Lists are long enough that 10,000 tasks rarely need a numeric
// id suffix, and areas double as code paths so `touches` globs overlap the way they
// do in a real repository (same area, shared hot files).
//
// Lists are written as one string each and split, which keeps the file short (a
// formatter would put every array element on its own line).

const words = (text) => text.trim().split(/\s+/);
const phrases = (text) => text.split("|").map((part) => part.trim().replace(/\s+/g, " "));

export const AREAS = words(`
  accounts alerts api archive audit backups billing board cache calendar checkout cli comments
  config editor exports feeds gateway history i18n imports inbox invoices logging mailer
  migrations mobile onboarding payments plugins profiles queue reports roles scheduler search
  sessions settings storage sync tags uploads webhooks workers sdk admin
`);

// [phrase, file stem] — the stem names the module a task about it would touch.
export const OBJECTS = phrases(`
  retry policy = retry | rate limiter = rate-limit | csv export = csv | cursor pagination =
  paginate | token refresh = tokens | dark theme = theme | feature flags = flags | error pages =
  errors | bulk edit = bulk | duplicate detection = dedupe | request timeouts = timeouts | backoff
  = backoff | schema checks = schema | db indexes = indexes | filters = filters | sort order =
  sort | webhook signatures = signing | audit trail = trail | role checks = guards | invitations =
  invites | password reset = reset | two-factor login = mfa | single sign-on = sso | usage quotas
  = quota | usage metering = meter | receipts = receipts | refunds = refunds | tax rules = tax |
  currency rounding = money | drafts = drafts | autosave = autosave | undo stack = undo | keyboard
  shortcuts = keys | empty states = empty | loading states = loading | aria labels = a11y | focus
  handling = focus | tooltips = tooltip | json import = json | openapi spec = openapi | help text
  = help | exit codes = exit | json output = output | watch mode = watch | file locking = lock |
  atomic writes = write | crash reports = crash | log rotation = rotate | health checks = health |
  trace ids = trace | cold start = startup | memory use = memory | n+1 queries = queries | cache
  keys = keys | expiry = ttl | eviction = evict | snapshots = snapshot | diff view = diff | merge
  rules = merge | conflict handling = conflict | presence = presence | mentions = mentions |
  digest emails = digest | unsubscribe links = unsubscribe | templates = templates | previews =
  preview | thumbnails = thumbs | image resizing = resize | upload limits = limits | retention =
  retention | data export = export | tenant scoping = tenant | seed data = seed | fixtures =
  fixtures | flaky tests = flaky | release notes = release | version checks = version |
  deprecation warnings = deprecate | search ranking = rank | offline mode = offline | push tokens
  = push | batch jobs = batch
`).map((pair) => pair.split(" = "));

// [verb, conventional commit type]
export const VERBS = phrases(`
  Add = feat | Support = feat | Implement = feat | Expose = feat | Allow editing = feat | Fix =
  fix | Guard = fix | Stabilize = fix | Repair = fix | Refactor = refactor | Split = refactor |
  Consolidate = refactor | Speed up = perf | Batch = perf | Document = docs | Cover = test | Drop
  = chore | Upgrade = chore
`).map((pair) => pair.split(" = "));

export const THEMES = phrases(`
  rebuild | reliability | v2 | speed pass | self-service | cleanup | launch | scale-out | redesign
  | hardening | compliance | mobile parity | observability
`);

export const LABELS = words(`
  frontend backend cli docs perf security ux infra tests dx api data bug tech-debt a11y customer q3 q4
`);

export const PEOPLE = words(`
  ana bruno chen dara emeka farah goran hana agent-7 ci-bot
`);

export const BLOCKED_REASONS = [
  "waiting for the design review",
  "needs a decision on the pricing model",
  "upstream API change not released yet",
  "staging credentials not issued",
  "security review pending",
  "legal has not approved the wording",
];

// Paths that many unrelated tasks edit; they make `next --parallelize` find conflicts.
export const HOT_PATHS = words(`
  src/domain/*.ts src/cli/** docs/*.md package.json src/shared/** README.md tests/e2e/**
`);

// tool → share of sessions, and its models → share within the tool.
export const TOOLS = {
  "claude-code": {
    share: 45,
    models: { "claude-sonnet-4": 45, "claude-sonnet-4-5": 35, "claude-opus-4-1": 20 },
  },
  codex: { share: 30, models: { "gpt-5-codex": 70, "gpt-5": 30 } },
  "gemini-cli": { share: 17, models: { "gemini-2.5-pro": 75, "gemini-2.5-flash": 25 } },
  aider: { share: 8, models: { "deepseek-v3": 60, "gpt-4.1": 40 } },
};

// Chance that one attempt by the model lands low-ambiguity, small work. Distinct
// values give `stats --by model,ambiguity` a real matrix to compute.
export const MODEL_SKILL = {
  "claude-sonnet-4": 0.7,
  "claude-sonnet-4-5": 0.78,
  "claude-opus-4-1": 0.84,
  "gpt-5-codex": 0.76,
  "gpt-5": 0.7,
  "gemini-2.5-pro": 0.66,
  "gemini-2.5-flash": 0.52,
  "deepseek-v3": 0.55,
  "gpt-4.1": 0.5,
};

export const FAILURES = [
  "TypeError: Cannot read properties of undefined (reading 'items')",
  "AssertionError: expected 201 but received 409",
  "3 of 188 tests failed in tests/unit/{area}.test.ts",
  "tsc: Property 'status' does not exist on type '{Area}Record'",
  "lint: 5 problems in src/{area}",
  "build: Could not resolve './{stem}' from src/{area}/index.ts",
  "e2e suite timed out after 900 s",
  "snapshot mismatch in {area} view",
  "review: no test covers the {stem} error path",
  "merge conflict in src/{area}/{stem}.ts",
];

export const ABANDON_REASONS = [
  "session hit the 60 minute budget",
  "context window exhausted",
  "stopped by the operator",
  "agent kept re-running the same failing test",
];

export const ATTEMPT_NOTES = [
  "rebased on main before retrying",
  "narrowed the prompt to the failing module",
  "second pass only fixed tests",
  "continued on the branch of the previous session",
];

export const REVIEW_NOTES = ["LGTM", "Clean change, thanks", "Approved with two nits", "Ship it"];
export const REJECT_NOTES = [
  "Error path has no test",
  "Please split the refactor out",
  "Changes behaviour silently",
];
