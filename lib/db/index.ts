import path from "node:path";
import { env } from "@/lib/config/env";
import type { AppDb } from "./app-db";
import { SqliteAppDb } from "./sqlite";

export type { AppDb, ClaimReview, LlmTraceEntry, NotebookState, SavedCell, SavedRun } from "./app-db";

// One handle per process; kept on globalThis so Next's dev reloads reuse it.
const holder = globalThis as unknown as { __ragcampDb?: AppDb };

export function appDb(): AppDb {
  holder.__ragcampDb ??= new SqliteAppDb(path.join(env().dataDir, "app.sqlite"));
  return holder.__ragcampDb;
}
