// The colour scheme of human output (issue 16). Whether colour is on at all is decided
// once in context.ts (TTY, NO_COLOR, FORCE_COLOR, --color); this file only says which
// colour each fact gets, so `list`, `tree`, `show` and the rest agree.
import type { ExecutionStatus, Priority, State } from "../../domain/enums.js";
import type { Ctx } from "../context.js";

type Colors = Ctx["c"];
export type Style = (text: string) => string;

export interface Theme {
  /** idea magenta · ready blue · in-progress cyan · done green · canceled dim */
  state(state: State | string): Style;
  /** urgent bold red · high yellow · normal plain · low and none dim: every tier distinct */
  priority(priority: Priority | string): Style;
  /** completed green · failed red · abandoned amber (yellow) */
  status(status: ExecutionStatus | string): Style;
  ok: Style;
  fail: Style;
  warn: Style;
  /** secondary text: paths, versions, counts, rules */
  dim: Style;
  bold: Style;
  /** identifiers */
  id: Style;
}

const plain: Style = (s) => s;

/** The scheme over a picocolors instance (its functions are identity when colour is off). */
export function themeOf(c: Colors): Theme {
  const states: Record<string, Style> = {
    idea: c.magenta,
    ready: c.blue,
    "in-progress": c.cyan,
    done: c.green,
    canceled: c.dim,
  };
  const priorities: Record<string, Style> = {
    urgent: (s) => c.bold(c.red(s)),
    high: c.yellow,
    normal: plain,
    low: c.dim,
    none: c.dim,
  };
  const statuses: Record<string, Style> = { completed: c.green, failed: c.red, abandoned: c.yellow };
  return {
    state: (s) => states[s] ?? plain,
    priority: (p) => priorities[p] ?? plain,
    status: (s) => statuses[s] ?? plain,
    ok: c.green,
    fail: c.red,
    warn: c.yellow,
    dim: c.dim,
    bold: c.bold,
    id: c.bold,
  };
}
