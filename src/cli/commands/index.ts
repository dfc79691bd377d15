// Every command, in the order `--help` lists them. Each module registers its options
// (cheap) and imports its implementation only when it runs.
import type { RegisterCommand } from "../registrar.js";
import { registerAdopt } from "./adopt.js";
import { registerAttempt } from "./attempt.js";
import { registerCleanup } from "./cleanup.js";
import { registerComplete } from "./complete.js";
import { registerDelete } from "./delete.js";
import { registerExec } from "./exec.js";
import { registerInit } from "./init.js";
import { registerList } from "./list.js";
import { registerMetadata } from "./metadata.js";
import { registerMove } from "./move.js";
import { registerNew } from "./new.js";
import { registerNext } from "./next.js";
import { registerPickup } from "./pickup.js";
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
  registerComplete,
  registerAdopt,
  registerDelete,
  registerCleanup,
  registerNext,
  registerAttempt,
  registerExec,
  registerStats,
  registerValidate,
  registerSchema,
  registerWeb,
];
