// `init --sample`: a small, valid, realistic repository — an epic with stories and tasks,
// ready work with overlapping `touches`, and done tasks carrying execution telemetry —
// so that list, next, stats and the board have something to show.
import { existsSync } from "node:fs";
import path from "node:path";
import { taskRelPath } from "../domain/paths.js";
import { TaskFile } from "../storage/taskFile.js";
import type { Workspace } from "../storage/workspace.js";
import type { ChangeSet } from "./changes.js";

type Spec = Record<string, unknown> & {
  id: string;
  title: string;
  kind: "epic" | "story" | "task";
  state: string;
};

const T0 = Date.UTC(2026, 9, 1, 9, 0, 0);
const at = (hours: number) => new Date(T0 + hours * 3_600_000).toISOString();

function attempt(
  startH: number,
  minutes: number,
  status: string,
  tool: string,
  model: string,
  extra: Record<string, unknown> = {},
) {
  const start = T0 + startH * 3_600_000;
  const seconds = Math.round(minutes * 60);
  return {
    started_at: new Date(start).toISOString(),
    ended_at: new Date(start + seconds * 1000).toISOString(),
    duration_seconds: seconds,
    status,
    ...(extra.error_reason ? { error_reason: extra.error_reason } : {}),
    executor: { tool, model },
    ...(extra.reviewer ? { reviewer: extra.reviewer } : {}),
  };
}

const SPECS: Spec[] = [
  {
    id: "checkout-revamp",
    title: "Checkout revamp",
    kind: "epic",
    state: "in-progress",
    priority: "high",
    children: ["payment-form", "order-history"],
  },
  {
    id: "payment-form",
    title: "Payment form",
    kind: "story",
    state: "in-progress",
    priority: "high",
    children: ["card-validation", "save-card-toggle", "payment-error-copy"],
  },
  {
    id: "card-validation",
    title: "Validate card numbers client-side",
    kind: "task",
    state: "done",
    priority: "high",
    size: "small",
    touches: ["src/checkout/card.ts", "tests/checkout/card.test.ts"],
    commit_message: "feat(checkout): validate card numbers before submit  [Task:card-validation]",
    done: 30,
    attempts: [
      attempt(26, 12, "failed", "claude-code", "claude-sonnet-4", {
        error_reason: "AssertionError: expected Luhn check to reject 4111 1111 1111 1112",
      }),
      attempt(27, 9, "completed", "claude-code", "claude-sonnet-4", {
        reviewer: { name: "maria", approved: true, reviewed_at: at(29) },
      }),
    ],
  },
  {
    id: "save-card-toggle",
    title: "Let buyers save a card for later",
    kind: "task",
    state: "in-progress",
    priority: "normal",
    size: "medium",
    ambiguity: "medium",
    touches: ["src/checkout/**"],
    attempts: [attempt(40, 25, "abandoned", "codex", "gpt-5-codex", { error_reason: "session timed out" })],
  },
  {
    id: "payment-error-copy",
    title: "Friendlier payment error messages",
    kind: "task",
    state: "ready",
    priority: "normal",
    size: "tiny",
    executor: "simple",
    touches: ["src/checkout/messages.ts"],
  },
  {
    id: "order-history",
    title: "Order history page",
    kind: "story",
    state: "ready",
    priority: "normal",
    children: ["orders-api", "orders-page"],
  },
  {
    id: "orders-api",
    title: "Orders endpoint with pagination",
    kind: "task",
    state: "ready",
    priority: "high",
    size: "medium",
    isolation: "module",
    touches: ["src/api/orders/**", "tests/api/orders.test.ts"],
  },
  {
    id: "orders-page",
    title: "Orders page UI",
    kind: "task",
    state: "ready",
    priority: "normal",
    size: "small",
    touches: ["src/web/orders/**"],
    depends_on: ["orders-api"],
  },
  {
    id: "dark-mode",
    title: "Dark mode for the dashboard",
    kind: "task",
    state: "ready",
    priority: "low",
    size: "medium",
    ambiguity: "high",
    executor: "expert",
    touches: ["src/web/theme/**", "src/web/**/*.css"],
    labels: ["ui"],
  },
  {
    id: "upgrade-node",
    title: "Upgrade the runtime to Node 22",
    kind: "task",
    state: "ready",
    priority: "normal",
    size: "small",
    isolation: "global",
    touches: ["package.json", ".github/**"],
    labels: ["infra"],
  },
  {
    id: "flaky-login-test",
    title: "Fix the flaky login test",
    kind: "task",
    state: "ready",
    priority: "urgent",
    size: "small",
    ambiguity: "medium",
    touches: ["tests/auth/login.test.ts"],
    labels: ["bug"],
  },
  {
    id: "audit-logging",
    title: "Audit log for admin actions",
    kind: "task",
    state: "ready",
    priority: "high",
    size: "large",
    blocked: "waiting for the security review of the log format",
    touches: ["src/admin/**"],
  },
  {
    id: "search-suggest",
    title: "Search suggestions",
    kind: "task",
    state: "idea",
    priority: "normal",
    size: "medium",
    ambiguity: "high",
  },
  {
    id: "rate-limit-api",
    title: "Rate-limit the public API",
    kind: "task",
    state: "done",
    priority: "high",
    size: "medium",
    touches: ["src/api/middleware/**"],
    commit_message: "feat(api): rate-limit public endpoints  [Task:rate-limit-api]",
    done: 20,
    attempts: [attempt(18, 22, "completed", "codex", "gpt-5-codex")],
  },
  {
    id: "fix-timezone-bug",
    title: "Fix timezone shift in reports",
    kind: "task",
    state: "done",
    priority: "urgent",
    size: "small",
    ambiguity: "high",
    touches: ["src/reports/dates.ts"],
    commit_message: "fix(reports): keep report dates in UTC  [Task:fix-timezone-bug]",
    labels: ["bug"],
    done: 12,
    attempts: [
      attempt(6, 14, "failed", "gemini-cli", "gemini-2.5-pro", {
        error_reason: "TypeError: Cannot read properties of undefined (reading 'tz')",
      }),
      attempt(7, 11, "failed", "claude-code", "claude-sonnet-4", {
        error_reason: "2 tests failed in reports/dates.test.ts",
      }),
      attempt(9, 18, "completed", "claude-code", "claude-opus-4"),
    ],
  },
  {
    id: "readme-quickstart",
    title: "README quick start",
    kind: "task",
    state: "done",
    priority: "low",
    size: "tiny",
    executor: "simple",
    touches: ["README.md"],
    commit_message: "docs: add a quick start to the README  [Task:readme-quickstart]",
    done: 4,
    attempts: [attempt(3, 4, "completed", "gemini-cli", "gemini-2.5-flash")],
  },
  {
    id: "legacy-export",
    title: "CSV export for the old admin",
    kind: "task",
    state: "canceled",
    priority: "low",
    size: "medium",
  },
];

function bodyFor(spec: Spec): string {
  const done = spec.state === "done";
  const box = done ? "x" : " ";
  const criteria =
    spec.kind === "task"
      ? [
          `- [${box}] ${spec.title} works end to end`,
          `- [${box}] Tests cover the new behaviour`,
          `- [${box}] Docs mention the change where users would look`,
        ]
      : [`- [${box}] Every child task is done`, `- [${box}] The feature is demoed to the team`];
  const insights = done
    ? `\n### Changelog\n\n- ${spec.title}.\n\n### Decisions\n\n- Kept the change small and covered by tests.\n\n### Technical Changes\n\n- See the touched paths in the frontmatter.\n`
    : "\n### Changelog\n\n### Decisions\n\n### Technical Changes\n";
  return `\n## Overview\n\n${spec.title}: a sample task seeded by \`taskplain init --sample\`.\n\n## Acceptance Criteria\n\n${criteria.join("\n")}\n\n## Technical Approach\n\n- Start from the paths listed in \`touches\`.\n\n## Post-Implementation Insights\n${insights}`;
}

/** Plans the sample's files in `changes` (files that already exist are left alone); returns their paths. */
/**
 * Plans the sample tasks whose ids are free (`taken` says which are not). A sample
 * whose id is taken is left out, and so are the references other samples make to it
 * (children, depends_on), so the samples never point at someone else's task.
 */
export function planSample(
  ws: Workspace,
  changes: ChangeSet,
  taken: (id: string) => boolean = () => false,
): string[] {
  const written: string[] = [];
  const skipped = new Set(SPECS.map((s) => s.id).filter((id) => taken(id)));
  for (const [i, original] of SPECS.entries()) {
    if (skipped.has(original.id)) continue;
    const spec: Spec = { ...original };
    for (const key of ["children", "depends_on"] as const) {
      if (!Array.isArray(spec[key])) continue;
      const left = (spec[key] as string[]).filter((id) => !skipped.has(id));
      if (left.length === 0) delete spec[key];
      else spec[key] = left;
    }
    const { done, attempts, ...meta } = spec as Spec & { done?: number; attempts?: unknown[] };
    const created = at(i * 0.5);
    const updated = done !== undefined ? at(done) : at(48 + i);
    const data: Record<string, unknown> = {
      ...meta,
      priority: meta.priority ?? "normal",
      created_at: created,
      updated_at: updated,
      ...(done !== undefined ? { completed_at: updated } : {}),
      last_activity_at: updated,
      ...(attempts ? { execution: { attempts } } : {}),
    };
    const ordered = TaskFile.create({}, bodyFor(spec));
    for (const [k, v] of Object.entries(data)) ordered.set(k, v);
    ordered.reorderCanonical();
    const rel = taskRelPath(spec.state as never, spec.kind, spec.id, data.completed_at as string | undefined);
    if (existsSync(path.join(ws.root, rel))) continue;
    written.push(rel);
    changes.write(rel, ordered.toString(), true);
  }
  return written;
}
