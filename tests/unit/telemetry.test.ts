import { describe, expect, it } from "vitest";
import type { ExecutionAttempt, TaskExecution } from "../../src/domain/schema.js";
import {
  chronological,
  executionSeconds,
  finalStatus,
  firstTrySuccess,
  formatDuration,
  idleSeconds,
  retryCount,
  summarizeExecution,
  wallClockSeconds,
} from "../../src/domain/telemetry.js";

const attempt = (
  started_at: string,
  ended_at: string,
  duration_seconds: number,
  status: ExecutionAttempt["status"],
  model = "claude-sonnet-4-20250514",
): ExecutionAttempt => ({
  started_at,
  ended_at,
  duration_seconds,
  status,
  executor: { tool: "claude-code", model },
});

// The seed story's example, verbatim.
const seed: TaskExecution = {
  attempts: [
    attempt("2025-11-02T15:03:00.000Z", "2025-11-02T15:05:00.000Z", 120, "failed"),
    attempt("2025-11-02T15:06:25.000Z", "2025-11-02T15:08:00.000Z", 95, "failed"),
    attempt("2025-11-02T15:10:00.000Z", "2025-11-02T15:12:45.000Z", 165, "completed"),
  ],
};

describe("telemetry semantics (seed example)", () => {
  it("derives 380 s execution, 585 s wall clock, 205 s idle, 2 retries, completed, not first try", () => {
    expect(summarizeExecution(seed)).toEqual({
      attempts: 3,
      retries: 2,
      execution_seconds: 380,
      wall_clock_seconds: 585,
      idle_seconds: 205,
      final_status: "completed",
      first_try_success: false,
      tools: ["claude-code"],
      models: ["claude-sonnet-4-20250514"],
    });
  });

  it("formats the seed's durations like the spec", () => {
    expect(formatDuration(executionSeconds(seed))).toBe("6m 20s");
    expect(formatDuration(wallClockSeconds(seed))).toBe("9m 45s");
    expect(formatDuration(idleSeconds(seed))).toBe("3m 25s");
    expect(formatDuration(45)).toBe("45s");
    expect(formatDuration(65)).toBe("1m 05s");
    expect(formatDuration(3720)).toBe("1h 02m");
  });

  it("treats a missing execution block as zero everything", () => {
    expect(summarizeExecution(undefined)).toMatchObject({
      attempts: 0,
      retries: 0,
      execution_seconds: 0,
      wall_clock_seconds: 0,
      idle_seconds: 0,
      final_status: null,
      first_try_success: false,
    });
    expect(retryCount({ attempts: [] })).toBe(0);
  });
});

describe("ordering rules", () => {
  it("takes the final status from the latest ended_at, not the last attempt in the file", () => {
    const execution: TaskExecution = {
      attempts: [
        attempt("2025-11-02T10:00:00.000Z", "2025-11-02T10:30:00.000Z", 1800, "abandoned"),
        attempt("2025-11-02T10:05:00.000Z", "2025-11-02T10:10:00.000Z", 300, "completed"),
      ],
    };
    expect(finalStatus(execution)).toBe("abandoned");
  });

  it("judges first-try success on the chronologically first attempt", () => {
    const execution: TaskExecution = {
      attempts: [
        attempt("2025-11-02T11:00:00.000Z", "2025-11-02T11:01:00.000Z", 60, "completed"),
        attempt("2025-11-02T10:00:00.000Z", "2025-11-02T10:01:00.000Z", 60, "failed"),
      ],
    };
    expect(chronological(execution).map((a) => a.status)).toEqual(["failed", "completed"]);
    expect(firstTrySuccess(execution)).toBe(false);
    expect(firstTrySuccess({ attempts: [execution.attempts[0]!] })).toBe(true);
  });

  it("never reports negative idle time when attempts overlap", () => {
    const execution: TaskExecution = {
      attempts: [
        attempt("2025-11-02T10:00:00.000Z", "2025-11-02T10:10:00.000Z", 600, "failed"),
        attempt("2025-11-02T10:05:00.000Z", "2025-11-02T10:15:00.000Z", 600, "completed"),
      ],
    };
    expect(executionSeconds(execution)).toBe(1200);
    expect(wallClockSeconds(execution)).toBe(900);
    expect(idleSeconds(execution)).toBe(0);
  });
});
