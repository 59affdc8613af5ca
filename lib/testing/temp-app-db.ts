/** For tests: an app database of its own, in a fresh temporary data dir (the OS removes it). */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openAppDb, type AppDb } from "@/lib/db";

export function tempDataDir(prefix = "db"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `ragcamp-${prefix}-`));
}

export function tempAppDb(prefix?: string): Promise<AppDb> {
  return openAppDb({ dataDir: tempDataDir(prefix) });
}
