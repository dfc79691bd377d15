// Stopping a command together with everything it started (an agent's shell, its tools):
// when its lease is lost, a process left running could still change files. The process
// tree is read from POSIX `ps` (Linux, macOS); where that fails only the command itself
// is signalled.
import { spawnSync } from "node:child_process";

/** `pid` and all its descendants, parents before children. */
export function processTree(pid: number): number[] {
  const ps = spawnSync("ps", ["-A", "-o", "pid=,ppid="], { encoding: "utf8" });
  if (ps.status !== 0) return [pid];
  const children = new Map<number, number[]>();
  for (const line of ps.stdout.split("\n")) {
    const [child, parent] = line.trim().split(/\s+/).map(Number) as [number, number];
    if (!Number.isFinite(child) || !Number.isFinite(parent)) continue;
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (out.includes(next)) continue;
    out.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return out;
}

/** Sends `signal` to `pid` and its descendants; processes already gone are skipped. */
export function killTree(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  for (const p of processTree(pid)) {
    try {
      process.kill(p, signal);
    } catch {
      // already exited
    }
  }
}
