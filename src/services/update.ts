// `update`, `metadata set`: patch metadata and whole body sections of one task.
import { replaceSection } from "../domain/body.js";
import { appendInsight, type InsightId, resolveCriteria, setCriteria } from "../domain/body-agent.js";
import { assertChangeable } from "../domain/meta-input.js";
import { isIsoTimestamp } from "../domain/timestamps.js";
import type { Workspace } from "../storage/workspace.js";
import { mutate } from "./changes.js";
import { guardLease, type LeaseCheck } from "./lease-guard.js";
import { assertNoDependencyCycle, assertReferencesExist } from "./references.js";
import { loadForWrite, resolveFields, type WrittenTask, writeTask } from "./task-write.js";
import { type Mutation, type TaskView, withView, writtenView } from "./views.js";

/** Timestamps taskplain keeps; metadata may set one only to repair an invalid or date-only value. */
const MANAGED_TIMESTAMPS = ["created_at", "updated_at", "last_activity_at", "completed_at"];

export interface UpdateInput {
  id: string;
  /** [key, value] pairs; a null value unsets the key */
  meta?: [string, unknown][];
  unset?: string[];
  /** [section id, text] pairs */
  fields?: [string, string][];
  /** bullets appended under a Post-Implementation Insights subsection (after `fields`) */
  insights?: [InsightId, string][];
  /** criteria to tick / clear (numbers or unique text, as `check`), after `fields` */
  check?: string[];
  uncheck?: string[];
  ifVersion?: string;
  dryRun?: boolean;
  now?: string;
  /** whose lease allows this (leases.md); `force` overrides someone else's lease */
  lease?: LeaseCheck;
}

/** `update` and `metadata set`: the JSON view is the task object after the change plus `changed`. */
export async function updateTask(
  ws: Workspace,
  input: UpdateInput,
): Promise<Mutation<WrittenTask, TaskView>> {
  const meta = input.meta ?? [];
  const unset = input.unset ?? [];
  // a managed timestamp may be set only to repair an invalid one (checked below, on the file)
  for (const [key, value] of meta)
    if (!MANAGED_TIMESTAMPS.includes(key) || value === null)
      assertChangeable(key, value === null ? "unset" : "set");
  for (const key of unset) assertChangeable(key, "unset");
  const fields = resolveFields(input.fields);
  const now = input.now ?? ws.nowIso();
  await guardLease(ws, input.id, input.lease);
  const outcome = await mutate(ws, { dryRun: input.dryRun }, async (changes) => {
    const record = await loadForWrite(ws, input.id, input.ifVersion, { repair: true });
    for (const [key, value] of meta) {
      if (MANAGED_TIMESTAMPS.includes(key) && value !== null && isIsoTimestamp(record.raw[key]))
        assertChangeable(key, "set");
      if (value !== null) await assertReferencesExist(ws, record.task.id, key, value, record.raw[key]);
      if (key === "depends_on" && value !== null) await assertNoDependencyCycle(ws, record.task.id, value);
    }
    return writeTask(
      changes,
      record,
      (file) => {
        for (const [key, value] of meta) {
          const empty = value === null || (Array.isArray(value) && value.length === 0 && key !== "links");
          if (empty) file.delete(key);
          else if (JSON.stringify(file.get(key)) !== JSON.stringify(value)) file.set(key, value);
        }
        for (const key of unset) file.delete(key);
        for (const [section, text] of fields) {
          const next = replaceSection(file.body, section, text);
          if (next !== file.body) file.body = next;
        }
        for (const [selectors, checked] of [
          [input.check ?? [], true],
          [input.uncheck ?? [], false],
        ] as const) {
          if (selectors.length === 0) continue;
          const next = setCriteria(file.body, resolveCriteria(file.body, selectors), checked).body;
          if (next !== file.body) file.body = next;
        }
        for (const [sub, text] of input.insights ?? []) file.body = appendInsight(file.body, sub, text);
      },
      { now },
    );
  });
  return withView(outcome, (w) => writtenView(w, { changed: w.changed }));
}
