// `update`, `metadata set`: patch metadata and whole body sections of one task.
import { replaceSection, resolveSectionId } from "../domain/body.js";
import { quoteInput, usageError } from "../domain/errors.js";
import { assertChangeable } from "../domain/meta-input.js";
import { isIsoTimestamp } from "../domain/timestamps.js";
import { type MutationOutcome, mutate } from "./changes.js";
import { assertNoDependencyCycle, assertReferencesExist } from "./references.js";
import { loadForWrite, type WrittenTask, writeTask } from "./task-write.js";

export interface UpdateInput {
  id: string;
  /** [key, value] pairs; a null value unsets the key */
  meta?: [string, unknown][];
  unset?: string[];
  /** [section id, text] pairs */
  fields?: [string, string][];
  ifVersion?: string;
  dryRun?: boolean;
  now?: string;
}

/** Timestamps taskplain keeps; `--meta` may set one only to repair an invalid or date-only value. */
const MANAGED_TIMESTAMPS = ["created_at", "updated_at", "last_activity_at", "completed_at"];

export function resolveFields(fields: [string, string][] = []): [string, string][] {
  return fields.map(([name, text]) => {
    const id = resolveSectionId(name);
    if (!id) {
      throw usageError(
        `unknown section ${quoteInput(name)}`,
        "sections: overview, acceptance_criteria, technical_approach (delivery_plan), post_implementation_insights, body",
      );
    }
    return [id, text];
  });
}

export async function updateTask(root: string, input: UpdateInput): Promise<MutationOutcome<WrittenTask>> {
  const meta = input.meta ?? [];
  const unset = input.unset ?? [];
  // a managed timestamp may be set only to repair an invalid one (checked below, on the file)
  for (const [key, value] of meta)
    if (!MANAGED_TIMESTAMPS.includes(key) || value === null)
      assertChangeable(key, value === null ? "unset" : "set");
  for (const key of unset) assertChangeable(key, "unset");
  const fields = resolveFields(input.fields);
  const now = input.now ?? new Date().toISOString();
  return mutate(root, { dryRun: input.dryRun }, async (changes) => {
    const record = await loadForWrite(root, input.id, input.ifVersion, { repair: true });
    for (const [key, value] of meta) {
      if (MANAGED_TIMESTAMPS.includes(key) && value !== null && isIsoTimestamp(record.raw[key]))
        assertChangeable(key, "set");
      if (value !== null) await assertReferencesExist(root, record.task.id, key, value, record.raw[key]);
      if (key === "depends_on" && value !== null) await assertNoDependencyCycle(root, record.task.id, value);
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
      },
      { now },
    );
  });
}
