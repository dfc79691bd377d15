// `inject`: keep the managed Taskplain block for agents (agents.md, "Instructions for
// agents") up to date in an instructions file such as AGENTS.md or CLAUDE.md. The file
// is the user's, outside tasks/: it is written atomically, never through the repository's
// ChangeSet, and text outside the markers keeps its bytes.
import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { injectBlock } from "../domain/handbook.js";
import { writeFileAtomically } from "../storage/atomic.js";

/** `inject --check`'s view: whether the block is there and current. */
export interface InjectCheckView {
  file: string;
  up_to_date: boolean;
  state: "up to date" | "missing (no file)" | "missing" | "stale";
}

/** `inject`'s view: what happened to the block (`unchanged`, `added` or `updated`, as injectBlock says). */
export interface InjectView {
  file: string;
  status: ReturnType<typeof injectBlock>["status"];
}

/** Reads `file` (absolute) and says whether its block is current; writes nothing. */
export function checkInjected(file: string, shown: string): InjectCheckView {
  const existing = existsSync(file) ? readFileSync(file, "utf8") : null;
  const { status } = injectBlock(existing);
  const fresh = status === "unchanged";
  const state = fresh
    ? "up to date"
    : existing === null
      ? "missing (no file)"
      : status === "added"
        ? "missing"
        : "stale";
  return { file: shown, up_to_date: fresh, state };
}

/**
 * The file with its block added or refreshed. Written (atomically, folders created) unless
 * `write` is false; returns the text too, for `--stdout`.
 */
export async function injectInstructions(
  file: string,
  shown: string,
  options: { write: boolean },
): Promise<{ view: InjectView; text: string }> {
  const existing = existsSync(file) ? readFileSync(file, "utf8") : null;
  const { text, status } = injectBlock(existing);
  if (options.write && status !== "unchanged") {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomically(file, text);
  }
  return { view: { file: shown, status }, text };
}
