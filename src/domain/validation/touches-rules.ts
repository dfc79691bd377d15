// `touches` are repo-relative POSIX globs (task-format.md "Files as people really write
// them"). `validate` warns about entries that are absolute, climb out of the repository
// with `..`, or use backslashes (`touches_path`), and `validate --fix` rewrites each to
// its normal form when it has one. Conflict checks compare the normal form anyway
// (globs.ts), so these warnings are about portability and intent, not about `next`.
import { posixGlob } from "../glob-syntax.js";
import type { Task } from "../task.js";
import { type Finding, finding } from "./finding.js";

export type TouchProblem = "backslash" | "absolute" | "outside";

const ABSOLUTE = /^(?:\/|[A-Za-z]:(?:\/|$)|~(?:\/|$))/;

/** `p` with `/` separators and no trailing `/`, for comparing with a glob's prefix. */
const posixRoot = (root: string): string => root.replaceAll("\\", "/").replace(/\/+$/, "");

/** Segments of a relative POSIX path with `.` and empty segments dropped and `dir/..` resolved. */
function resolvedSegments(text: string): string[] {
  const out: string[] = [];
  for (const seg of text.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else out.push(seg);
  }
  return out;
}

/** What is wrong with one `touches` entry (empty when nothing is). */
export function touchProblems(glob: string): TouchProblem[] {
  const out: TouchProblem[] = [];
  const posix = posixGlob(glob.trim());
  if (posix !== glob.trim()) out.push("backslash");
  if (ABSOLUTE.test(posix)) out.push("absolute");
  else if (posix.includes("..") && resolvedSegments(posix)[0] === "..") out.push("outside");
  return out;
}

/**
 * The entry's normal form — `/` separators, no `./`, `dir/..` resolved, an absolute path
 * inside `root` made relative to it — or undefined when it names nothing inside the
 * repository (climbs out, or is absolute elsewhere, or `root` is not known).
 */
export function normalizeTouch(glob: string, root?: string): string | undefined {
  let text = posixGlob(glob.trim());
  const folder = text.endsWith("/") && text.length > 1;
  if (ABSOLUTE.test(text)) {
    if (root === undefined) return undefined;
    const base = posixRoot(root);
    if (!text.startsWith(`${base}/`)) return undefined;
    text = text.slice(base.length + 1);
  }
  const segs = resolvedSegments(text);
  if (segs.length === 0 || segs[0] === "..") return undefined;
  return `${segs.join("/")}${folder ? "/" : ""}`;
}

const quote = (text: string): string => JSON.stringify(text.length > 80 ? `${text.slice(0, 79)}…` : text);

/** The `--meta touches=…` value of a list: comma form, or JSON when an entry holds a comma or a quote. */
function metaValue(list: string[]): string {
  return list.some((g) => /[,"'\s]/.test(g)) ? `'${JSON.stringify(list)}'` : list.join(",");
}

/**
 * `touches_path` warnings of one task. With `root` an absolute path inside the
 * repository counts as repairable by `validate --fix`; the hint of an entry that has no
 * repo-relative form is the `update` that drops it (the others normalized).
 */
export function touchesFindings(input: { path: string; task: Task }, root: string | undefined): Finding[] {
  const { task } = input;
  const out: Finding[] = [];
  const problemsOf = task.touches.map(touchProblems);
  if (problemsOf.every((p) => p.length === 0)) return out;
  const normal = task.touches.map((g) => normalizeTouch(g, root));
  task.touches.forEach((glob, i) => {
    const problems = problemsOf[i]!;
    if (problems.length === 0) return;
    const fixed = normal[i];
    const what = problems
      .map((p) =>
        p === "backslash"
          ? "uses backslashes (touches are POSIX globs)"
          : p === "absolute"
            ? "is an absolute path (touches are relative to the repository root)"
            : "climbs out of the repository with ..",
      )
      .join(" and ");
    const field = `touches.${i}`;
    let hint: string;
    if (fixed !== undefined) hint = `taskplain validate --fix ${task.id}`;
    else {
      const rest = task.touches
        .map((g, k) => (problemsOf[k]!.length === 0 ? g : normal[k]))
        .filter((g, k): g is string => k !== i && g !== undefined && g.trim() !== "");
      hint =
        rest.length === 0
          ? `taskplain update ${task.id} --unset touches`
          : `taskplain update ${task.id} --meta touches=${metaValue(rest)}`;
    }
    const becomes = fixed === undefined ? "" : `; validate --fix makes it ${quote(fixed)}`;
    out.push(
      finding("touches_path", "warning", input.path, `${field}: ${quote(glob)} ${what}${becomes}`, {
        field,
        hint,
      }),
    );
  });
  return out;
}
