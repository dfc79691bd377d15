// Every command, in the order `--help` lists them. Each module registers its options
// (cheap) and imports its implementation only when it runs.
import type { RegisterCommand } from "../registrar.js";
import { registerAdopt } from "./adopt.js";
import { registerAttempt } from "./attempt.js";
import { registerCheck } from "./check.js";
import { registerClaim } from "./claim.js";
import { registerCleanup } from "./cleanup.js";
import { registerComplete } from "./complete.js";
import { registerDelete } from "./delete.js";
import { registerExec } from "./exec.js";
import { registerHandbook } from "./handbook.js";
import { registerInit } from "./init.js";
import { registerInject } from "./inject.js";
import { registerLeases } from "./leases.js";
import { registerList } from "./list.js";
import { registerMcp } from "./mcp.js";
import { registerMetadata } from "./metadata.js";
import { registerMove } from "./move.js";
import { registerNew } from "./new.js";
import { registerNext } from "./next.js";
import { registerPickup } from "./pickup.js";
import { registerRecommend } from "./recommend.js";
import { registerRelease } from "./release.js";
import { registerSchema } from "./schema.js";
import { registerShow } from "./show.js";
import { registerStats } from "./stats.js";
import { registerTree } from "./tree.js";
import { registerUpdate } from "./update.js";
import { registerValidate } from "./validate.js";
import { registerWeb } from "./web.js";

export const COMMANDS: RegisterCommand[] = [
  registerInit,
  registerNew,
  registerList,
  registerShow,
  registerTree,
  registerUpdate,
  registerMetadata,
  registerMove,
  registerPickup,
  registerCheck,
  registerComplete,
  registerAdopt,
  registerDelete,
  registerCleanup,
  registerNext,
  registerClaim,
  registerRelease,
  registerLeases,
  registerAttempt,
  registerExec,
  registerStats,
  registerRecommend,
  registerValidate,
  registerSchema,
  registerHandbook,
  registerInject,
  registerMcp,
  registerWeb,
];
