// `cleanup`: remove done and canceled tasks finished before a cutoff, optionally
// appending their Changelog bullets (grouped by date) to a Markdown file first.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { changelogBullets } from "../domain/body.js";
import { compareText } from "../domain/text-order.js";
import { timestampMs, utcDate } from "../domain/timestamps.js";
import type { TaskRecord } from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import { mutate } from "./changes.js";
import { removeReferences } from "./hierarchy.js";
import { loadAll } from "./repo.js";
import { type WrittenTask, writeTask } from "./task-write.js";
import { type Mutation, withView } from "./views.js";

export interface CleanupInput {
  /** remove done/canceled tasks completed more than this many ms ago */
  olderThanMs: number;
  /** absolute path of a Markdown file to append the removed tasks' Changelog bullets to */
  changelog?: string;
  /** how the changelog path is shown in the result (as the user gave it) */
  changelogShown?: string;
  dryRun?: boolean;
  now?: string;
}

export interface CleanupResult {
  removed: { id: string; title: string; state: string; path: string; completed_at: string | null }[];
  cleaned: WrittenTask[];
  changelog: { path: string; bullets: number } | null;
}

function changelogText(existing: string, records: TaskRecord[]): { text: string; bullets: number } {
  const byDate = new Map<string, string[]>();
  for (const r of records) {
    const date = utcDate(r.task.completed_at ?? r.task.updated_at) ?? "undated";
    const bullets = changelogBullets(r.body);
    if (bullets.length === 0) continue;
    byDate.set(date, [
      ...(byDate.get(date) ?? []),
      ...bullets.map((b) => `- ${b.replace(/^[-*+]\s+/, "")} (${r.task.id})`),
    ]);
  }
  const sections = [...byDate]
    .sort(([a], [b]) => compareText(b, a))
    .map(([date, lines]) => `## ${date}\n\n${lines.join("\n")}\n`);
  const bullets = [...byDate.values()].reduce((n, l) => n + l.length, 0);
  if (sections.length === 0) return { text: existing, bullets: 0 };
  const base = existing === "" ? "# Changelog\n" : existing.endsWith("\n") ? existing : `${existing}\n`;
  return { text: `${base}\n${sections.join("\n")}`, bullets };
}

export interface CleanupView {
  removed: CleanupResult["removed"];
  changelog: CleanupResult["changelog"];
}

/** `cleanup`: the JSON view is `{removed, changelog}`. */
export async function cleanupTasks(
  ws: Workspace,
  input: CleanupInput,
): Promise<Mutation<CleanupResult, CleanupView>> {
  const now = input.now ?? ws.nowIso();
  const cutoff = Date.parse(now) - input.olderThanMs;
  const outcome = await mutate(ws, { dryRun: input.dryRun }, async (changes) => {
    const repo = await loadAll(ws);
    const old = repo.records.filter((r) => {
      if (r.task.state !== "done" && r.task.state !== "canceled") return false;
      const when = timestampMs(r.task.completed_at ?? r.task.updated_at);
      return !Number.isNaN(when) && when < cutoff;
    });
    const gone = new Set(old.map((r) => r.task.id));
    const cleaned: WrittenTask[] = [];
    for (const r of repo.records) {
      if (gone.has(r.task.id)) continue;
      const keys = (["children", "depends_on", "blocks"] as const).filter((k) =>
        r.task[k].some((id) => gone.has(id)),
      );
      if (keys.length === 0) continue;
      cleaned.push(
        writeTask(changes, r, (file) => removeReferences(file, r.task, keys, gone), { now, validate: false }),
      );
    }
    for (const r of old) changes.delete(r.ref.relPath);
    let changelog: CleanupResult["changelog"] = null;
    if (input.changelog) {
      const file = path.resolve(input.changelog);
      const existing = existsSync(file) ? readFileSync(file, "utf8") : "";
      const { text, bullets } = changelogText(existing, old);
      const shown = input.changelogShown ?? input.changelog;
      changelog = { path: shown, bullets };
      if (bullets > 0) changes.writeNamedFile(file, shown, text);
    }
    const removed = old
      .sort((a, b) => compareText(a.ref.relPath, b.ref.relPath))
      .map((r) => ({
        id: r.task.id,
        title: r.task.title,
        state: r.task.state,
        path: r.ref.relPath,
        completed_at: r.task.completed_at ?? null,
      }));
    return { removed, cleaned, changelog };
  });
  return withView(outcome, (r) => ({ removed: r.removed, changelog: r.changelog }));
}
