/**
 * The crash test's hook (RAGCAMP_TEST_HOOKS=1 only, which cohort mode
 * refuses): at the point RAGCAMP_TEST_PAUSE_AT names, writeCollection writes
 * the file RAGCAMP_TEST_PAUSE_FILE and waits while it exists, so a test can
 * kill the process exactly there, or delete the file to let it go on.
 */
import fs from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { ServerEnv } from "@/lib/config/env";
import type { PausePoint } from "./manifest";

export function testPause(e: ServerEnv): ((point: PausePoint) => Promise<void>) | undefined {
  const file = e.RAGCAMP_TEST_PAUSE_FILE;
  if (!e.RAGCAMP_TEST_HOOKS || !file) return undefined;
  return async (point) => {
    if (point !== e.RAGCAMP_TEST_PAUSE_AT) return;
    fs.writeFileSync(file, point);
    while (fs.existsSync(file)) await sleep(10);
  };
}
