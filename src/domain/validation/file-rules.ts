// Rules that look at one task file on its own.
import { validateBody } from "../body.js";
import {
  ATTEMPT_KEY_ORDER,
  COMMIT_MESSAGE_REQUIRED_FROM,
  ID_MAX_LENGTH,
  META_KEY_ORDER,
  type State,
} from "../enums.js";
import { parseFileName, taskRelPath } from "../paths.js";
import { taskMetaSchema } from "../schema.js";
import type { Task } from "../task.js";
import { dateOnlyToIso, timestampMs } from "../timestamps.js";
import { closestWord } from "./closest.js";
import { type Finding, finding, withArticle } from "./finding.js";
import { touchesFindings } from "./touches-rules.js";

export interface FileInput {
  /** repo-relative path */
  path: string;
  folderState: State;
  fileName: string;
  raw: Record<string, unknown>;
  task: Task;
  body: string;
  /** the repository root, for rules about paths (`touches`); without it they are not run */
  root?: string;
}

const KNOWN = new Set<string>(META_KEY_ORDER);

/** Keys `validate --fix` fills itself when missing. */
export const FIX_FILLS = new Set(["created_at", "updated_at", "last_activity_at"]);
/** Keys `validate --fix` sets to now when invalid (every write refreshes them anyway). */
const FIX_REFRESHES = new Set(["updated_at", "last_activity_at"]);

/**
 * What the file's name and folder say `id`, `kind` or `state` is — the value
 * `validate --fix` writes when the frontmatter's own is missing or invalid.
 */
export function fromNameAndFolder(
  input: Pick<FileInput, "fileName" | "folderState">,
  field: string,
): string | undefined {
  if (field === "state") return input.folderState;
  const parsed = parseFileName(input.fileName);
  if (!parsed) return undefined;
  if (field === "id") return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(parsed.id) ? parsed.id : undefined;
  if (field === "kind") return parsed.kind;
  return undefined;
}
const ATTEMPT_KNOWN = new Set<string>(ATTEMPT_KEY_ORDER);

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let cur = raw;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function schemaFindings(input: FileInput): Finding[] {
  const result = taskMetaSchema.safeParse(input.raw);
  if (result.success) return [];
  const id = input.task.id;
  return result.error.issues.map((issue) => {
    const field = issue.path.map(String).join(".");
    const last = String(issue.path[issue.path.length - 1] ?? "");
    // an absent key is reported one way whatever its type: an enum's zod issue is invalid_value
    const missing =
      valueAt(input.raw, issue.path) === undefined &&
      (issue.code === "invalid_type" || issue.code === "invalid_value");
    let code = "invalid_field";
    let hint: string | undefined;
    const value = valueAt(input.raw, issue.path);
    const midnight = /_at$/.test(last) ? dateOnlyToIso(value) : undefined;
    if (missing) {
      code = "missing_field";
      if (FIX_FILLS.has(field)) hint = `taskplain validate --fix ${id}`;
    } else if (/_at$/.test(last)) {
      code = "invalid_timestamp";
      // date-only values, and the timestamps every write refreshes, are --fix's to repair
      if (midnight || FIX_REFRESHES.has(field)) hint = `taskplain validate --fix ${id}`;
    } else if (issue.path[0] === "execution") code = "invalid_execution";
    else if (issue.code === "invalid_value") code = "invalid_enum";
    if (!hint && issue.path[0] === "execution") {
      // the whole telemetry block is replaced at once; a repair that adds no error is accepted
      hint = `taskplain update ${id} --meta execution='<JSON of the attempts, corrected>'`;
    }
    if (!hint && ["id", "kind", "state"].includes(field) && fromNameAndFolder(input, field) !== undefined) {
      hint = `taskplain validate --fix ${id}`;
    }
    if (
      !hint &&
      issue.path[0] !== "execution" &&
      issue.path.length === 1 &&
      !["id", "kind", "state"].includes(field)
    ) {
      hint = `taskplain update ${id} --meta ${field}=<${/_at$/.test(field) ? "ISO timestamp" : "value"}>`;
    }
    let message = missing ? `${field}: is required` : `${field || "frontmatter"}: ${issue.message}`;
    if (midnight) message = `${field}: is a date without a time; validate --fix makes it ${midnight}`;
    return finding(code, "error", input.path, message, { field: field || undefined, hint });
  });
}

/** `text` as one shell word: as is when plain, else in single quotes. */
const shellWord = (text: string): string =>
  /^[\w.,:@/=+-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;

function unknownKeyFindings(input: FileInput): Finding[] {
  const out: Finding[] = [];
  for (const key of Object.keys(input.raw)) {
    if (!KNOWN.has(key)) {
      // a near miss of a known key (priorty, depends-on) is most likely a typo: say which
      // key was meant and give the update that moves the value there
      const meant = closestWord(key, KNOWN);
      const value = input.raw[key];
      const simple = typeof value === "string" || typeof value === "number" || typeof value === "boolean";
      out.push(
        finding(
          "unknown_meta_key",
          "warning",
          input.path,
          meant
            ? `unknown frontmatter key "${key}" is kept as is (did you mean "${meant}"?)`
            : `unknown frontmatter key "${key}" is kept as is`,
          {
            field: key,
            hint: meant
              ? `taskplain update ${input.task.id} --unset ${key} --meta ${shellWord(`${meant}=${simple ? String(value) : "<value>"}`)}`
              : undefined,
          },
        ),
      );
    }
  }
  const attempts = valueAt(input.raw, ["execution", "attempts"]);
  if (Array.isArray(attempts)) {
    attempts.forEach((attempt, i) => {
      if (!attempt || typeof attempt !== "object") return;
      for (const key of Object.keys(attempt)) {
        if (!ATTEMPT_KNOWN.has(key)) {
          const field = `execution.attempts.${i}.${key}`;
          out.push(
            finding(
              "unknown_attempt_key",
              "warning",
              input.path,
              `${field}: unknown attempt key is kept as is`,
              { field },
            ),
          );
        }
      }
    });
  }
  return out;
}

function placementFindings(input: FileInput): Finding[] {
  const out: Finding[] = [];
  const { task } = input;
  const fix = "taskplain validate --fix --rename-files";
  if (task.state !== input.folderState && input.raw.state === task.state) {
    out.push(
      finding(
        "state_folder_mismatch",
        "error",
        input.path,
        `state is ${task.state} but the file sits in the ${input.folderState} folder`,
        {
          field: "state",
          hint: fix,
        },
      ),
    );
  }
  const parsedName = parseFileName(input.fileName);
  const canBuild =
    input.raw.id === task.id && input.raw.kind === task.kind && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(task.id);
  if (canBuild) {
    const expected = taskRelPath(task.state, task.kind, task.id, task.completed_at ?? task.updated_at)
      .split("/")
      .pop();
    if (expected !== input.fileName) {
      const what = !parsedName
        ? "does not follow <kind>-<id>.md"
        : parsedName.id !== task.id
          ? `names id "${parsedName.id}" but the task's id is "${task.id}"`
          : parsedName.kind !== task.kind
            ? `names kind ${parsedName.kind} but the task is ${withArticle(task.kind)}`
            : `should be "${expected}"`;
      out.push(finding("file_name_mismatch", "error", input.path, `file name ${what}`, { hint: fix }));
    }
  }
  if (task.id.length > ID_MAX_LENGTH && /^[a-z0-9-]+$/.test(task.id)) {
    out.push(
      finding(
        "id_too_long",
        "warning",
        input.path,
        `id is ${task.id.length} characters; new ids are kept to ${ID_MAX_LENGTH}`,
        {
          field: "id",
        },
      ),
    );
  }
  if ("parent" in input.raw) {
    out.push(
      finding(
        "legacy_parent",
        "warning",
        input.path,
        "the legacy parent key belongs in the parent's children list",
        {
          field: "parent",
          hint: "taskplain validate --fix",
        },
      ),
    );
  }
  return out;
}

function lifecycleFindings(input: FileInput): Finding[] {
  const { task } = input;
  const out: Finding[] = [];
  if (task.state !== "done") return out;
  if (!task.completed_at) {
    out.push(
      finding("missing_completed_at", "warning", input.path, "done task has no completed_at", {
        field: "completed_at",
        hint: "taskplain validate --fix",
      }),
    );
  }
  const when = timestampMs(task.completed_at ?? task.updated_at);
  if (!task.commit_message && !Number.isNaN(when) && when >= Date.parse(COMMIT_MESSAGE_REQUIRED_FROM)) {
    out.push(
      finding(
        "commit_message_missing",
        "error",
        input.path,
        "done task has no commit_message (the subject of its closing commit)",
        {
          field: "commit_message",
          hint: `taskplain update ${task.id} --meta commit_message="feat(scope): summary  [Task:${task.id}]"`,
        },
      ),
    );
  }
  return out;
}

function telemetryFindings(input: FileInput): Finding[] {
  const attempts = valueAt(input.raw, ["execution", "attempts"]);
  if (!Array.isArray(attempts) || attempts.length === 0) return [];
  const out: Finding[] = [];
  const spans: { i: number; start: number; end: number }[] = [];
  attempts.forEach((a, i) => {
    if (!a || typeof a !== "object") return;
    const start = timestampMs((a as Record<string, unknown>).started_at);
    const end = timestampMs((a as Record<string, unknown>).ended_at);
    const duration = (a as Record<string, unknown>).duration_seconds;
    if (Number.isNaN(start) || Number.isNaN(end)) return;
    spans.push({ i, start, end });
    if (typeof duration === "number" && Math.abs((end - start) / 1000 - duration) > 1) {
      const field = `execution.attempts.${i}.duration_seconds`;
      out.push(
        finding(
          "duration_mismatch",
          "warning",
          input.path,
          `${field}: ${duration} s differs from ended_at - started_at (${Math.round((end - start) / 1000)} s)`,
          {
            field,
          },
        ),
      );
    }
  });
  spans.sort((a, b) => a.start - b.start || a.i - b.i);
  for (let k = 1; k < spans.length; k++) {
    const prev = spans[k - 1]!;
    const cur = spans[k]!;
    if (cur.start < prev.end) {
      out.push(
        finding(
          "attempts_overlap",
          "warning",
          input.path,
          `attempts ${prev.i} and ${cur.i} overlap in time`,
          {
            field: `execution.attempts.${cur.i}.started_at`,
          },
        ),
      );
    }
  }
  if (input.task.state === "done") {
    const last = [...spans].sort((a, b) => a.end - b.end || a.i - b.i).pop();
    const status = last ? (attempts[last.i] as Record<string, unknown>).status : undefined;
    if (last && status !== "completed") {
      out.push(
        finding(
          "last_attempt_not_completed",
          "warning",
          input.path,
          `task is done but its last attempt ended ${String(status)}`,
          {
            field: `execution.attempts.${last.i}.status`,
          },
        ),
      );
    }
  }
  return out;
}

/**
 * Every rule about one file on its own. The rules about paths (`touches`) need the
 * repository root and run only when `input.root` is given (validate runs them apart
 * from the rest, whose findings the parse cache keeps per file version).
 */
export function validateTaskFile(input: FileInput): Finding[] {
  const body = validateBody(input.body, input.task.state).map((f) =>
    finding(f.code, f.severity, input.path, f.message, { hint: f.hint?.replaceAll("{id}", input.task.id) }),
  );
  return [
    ...schemaFindings(input),
    ...unknownKeyFindings(input),
    ...placementFindings(input),
    ...lifecycleFindings(input),
    ...telemetryFindings(input),
    ...(input.root === undefined ? [] : touchesFindings(input, input.root)),
    ...body,
  ];
}
