import { describe, expect, it } from "vitest";
import { TaskplainError } from "../../src/domain/errors.js";
import {
  type ClaimRequest,
  claimedLease,
  DEFAULT_LEASE_TTL_MS,
  DEFAULT_SKEW_MS,
  decideClaim,
  defaultHolder,
  describeExpiry,
  heartbeatIntervalMs,
  LEASE_KEYS,
  type Lease,
  leaseHeldError,
  leaseStatus,
  leaseView,
  mayRelease,
  parseDuration,
  parseLease,
  parseTtl,
  renewedLease,
  skewFromEnv,
} from "../../src/domain/leases.js";

// An injected clock: every rule takes "now" as milliseconds.
const T0 = Date.parse("2026-03-01T10:00:00.000Z");
const at = (seconds: number) => T0 + seconds * 1000;

const request = (holder: string, ttlSeconds = 60): ClaimRequest => ({
  task: "fix-navbar",
  holder,
  tool: "claude-code",
  model: null,
  host: "box",
  worktree: "/work/a",
  ttlMs: ttlSeconds * 1000,
});

function acquire(holder: string, nowMs: number, ttlSeconds = 60): Lease {
  const decision = decideClaim(null, holder, nowMs, DEFAULT_SKEW_MS);
  if (decision.action === "held") throw new Error("unexpected");
  return claimedLease(decision, request(holder, ttlSeconds), nowMs);
}

describe("lease record", () => {
  it("a fresh lease starts at generation 1 and expires after its TTL", () => {
    const lease = acquire("alice", at(0));
    expect(lease).toMatchObject({
      task: "fix-navbar",
      holder: "alice",
      tool: "claude-code",
      model: null,
      acquired_at: "2026-03-01T10:00:00.000Z",
      renewed_at: "2026-03-01T10:00:00.000Z",
      expires_at: "2026-03-01T10:01:00.000Z",
      generation: 1,
    });
    expect(Object.keys(lease)).toEqual(LEASE_KEYS);
  });

  it("round-trips through JSON and rejects what is not a lease", () => {
    const lease = acquire("alice", at(0));
    expect(parseLease(JSON.stringify(lease))).toEqual({ lease });
    expect(parseLease("{oops")).toMatchObject({ problem: expect.stringContaining("not JSON") });
    expect(parseLease(JSON.stringify({ ...lease, generation: 0 }))).toMatchObject({
      problem: expect.stringContaining("generation"),
    });
    expect(parseLease(JSON.stringify({ ...lease, expires_at: "soon" }))).toMatchObject({
      problem: expect.stringContaining("expires_at"),
    });
  });
});

describe("expiry with a clock-skew margin", () => {
  const lease = acquire("alice", at(0), 60);

  it("is live until expires_at, expiring for the margin, then expired", () => {
    expect(leaseStatus(lease, at(59), DEFAULT_SKEW_MS)).toBe("live");
    expect(leaseStatus(lease, at(60), DEFAULT_SKEW_MS)).toBe("expiring");
    expect(leaseStatus(lease, at(89), DEFAULT_SKEW_MS)).toBe("expiring");
    expect(leaseStatus(lease, at(90), DEFAULT_SKEW_MS)).toBe("expired");
    expect(leaseStatus(lease, at(60), 0)).toBe("expired");
  });

  it("the view counts age, heartbeat age and time left in seconds", () => {
    const renewed = renewedLease(lease, 60_000, at(40));
    const view = leaseView(renewed, at(50), DEFAULT_SKEW_MS);
    expect(view).toMatchObject({
      status: "live",
      age_seconds: 50,
      heartbeat_age_seconds: 10,
      expires_in_seconds: 50,
      generation: 1,
    });
    expect(describeExpiry(view)).toBe("in 50s");
    expect(describeExpiry(leaseView(lease, at(70), DEFAULT_SKEW_MS))).toBe("expiring (10s past)");
    expect(describeExpiry(leaseView(lease, at(200), DEFAULT_SKEW_MS))).toBe("expired 2m 20s ago");
  });
});

describe("who may claim", () => {
  const lease = acquire("alice", at(0), 60);

  it("someone else is refused while the lease is live or within the margin", () => {
    expect(decideClaim(lease, "bob", at(30), DEFAULT_SKEW_MS).action).toBe("held");
    expect(decideClaim(lease, "bob", at(75), DEFAULT_SKEW_MS).action).toBe("held");
  });

  it("after the margin someone else takes it over with generation + 1", () => {
    const decision = decideClaim(lease, "bob", at(91), DEFAULT_SKEW_MS);
    expect(decision.action).toBe("take_over");
    if (decision.action === "held") return;
    const taken = claimedLease(decision, request("bob"), at(91));
    expect(taken).toMatchObject({ holder: "bob", generation: 2, acquired_at: "2026-03-01T10:01:31.000Z" });
  });

  it("the holder renews: same generation and acquired_at, later expiry, earlier tool kept", () => {
    const decision = decideClaim(lease, "alice", at(100), DEFAULT_SKEW_MS);
    expect(decision.action).toBe("renew");
    if (decision.action === "held") return;
    const renewed = claimedLease(decision, { ...request("alice", 120), tool: null }, at(100));
    expect(renewed).toMatchObject({
      generation: 1,
      tool: "claude-code",
      acquired_at: lease.acquired_at,
      renewed_at: "2026-03-01T10:01:40.000Z",
      expires_at: "2026-03-01T10:03:40.000Z",
    });
  });

  it("only the holder releases, unless forced", () => {
    expect(mayRelease(lease, "alice", false)).toBe(true);
    expect(mayRelease(lease, "bob", false)).toBe(false);
    expect(mayRelease(lease, "bob", true)).toBe(true);
  });

  it("lease_held names the holder and the expiry, exit 1", () => {
    const error = leaseHeldError(lease, at(30), DEFAULT_SKEW_MS);
    expect(error).toBeInstanceOf(TaskplainError);
    expect(error.code).toBe("lease_held");
    expect(error.category).toBe("refused");
    expect(error.message).toContain("alice");
    expect(error.message).toContain("2026-03-01T10:01:00.000Z");
  });
});

describe("durations, TTL and skew", () => {
  it("parses durations with units", () => {
    expect(parseDuration("90s")).toBe(90_000);
    expect(parseDuration("30m")).toBe(1_800_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("1.5s")).toBe(1_500);
    expect(parseDuration("2d")).toBe(172_800_000);
    for (const bad of ["", "30", "m", "5 minutes", "1x", "-5s", "1h 30m"])
      expect(parseDuration(bad)).toBeNull();
  });

  it("--ttl defaults to 30 minutes and refuses nonsense with a usage error", () => {
    expect(parseTtl(undefined)).toBe(DEFAULT_LEASE_TTL_MS);
    expect(parseTtl("2s")).toBe(2000);
    for (const bad of ["soon", "0s", "500ms"]) {
      expect(() => parseTtl(bad)).toThrow(expect.objectContaining({ code: "usage", category: "usage" }));
    }
  });

  it("skew comes from TASKPLAIN_LEASE_SKEW, 30 s by default", () => {
    expect(skewFromEnv({})).toBe(30_000);
    expect(skewFromEnv({ TASKPLAIN_LEASE_SKEW: "0s" })).toBe(0);
    expect(skewFromEnv({ TASKPLAIN_LEASE_SKEW: "5s" })).toBe(5_000);
    expect(() => skewFromEnv({ TASKPLAIN_LEASE_SKEW: "lots" })).toThrow(
      expect.objectContaining({ category: "usage" }),
    );
  });

  it("heartbeats come every third of the TTL", () => {
    expect(heartbeatIntervalMs(30 * 60_000)).toBe(10 * 60_000);
    expect(heartbeatIntervalMs(3_000)).toBe(1_000);
  });
});

describe("default holder", () => {
  const who = { user: "ana", host: "box", worktree: "/work/wt-a" };
  it("is --holder, else $TASKPLAIN_HOLDER, else user@host:worktree", () => {
    expect(defaultHolder("agent-7", { TASKPLAIN_HOLDER: "env" }, who)).toBe("agent-7");
    expect(defaultHolder(undefined, { TASKPLAIN_HOLDER: " agent-3 " }, who)).toBe("agent-3");
    expect(defaultHolder(undefined, { TASKPLAIN_HOLDER: "" }, who)).toBe("ana@box:/work/wt-a");
  });
  it("refuses empty or multi-line names", () => {
    expect(() => defaultHolder("", {}, who)).toThrow(expect.objectContaining({ category: "usage" }));
    expect(() => defaultHolder("a\nb", {}, who)).toThrow(expect.objectContaining({ category: "usage" }));
  });
});
