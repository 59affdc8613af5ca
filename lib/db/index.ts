import { env } from "@/lib/config/env";
import type { AppDb } from "./app-db";
import { openAppDb } from "./open";

export { openAppDb };
export type { AppDb, ClaimReview, EmbeddingCacheStore, LlmTraceEntry, NotebookState, SavedCell, SavedRun } from "./app-db";

// One handle per process; kept on globalThis so Next's dev reloads reuse it.
const holder = globalThis as unknown as { __ragcampDb?: Promise<AppDb> };

/** The process's app database, opened on first use. A failed open is not remembered: the next call tries again. */
export function appDb(): Promise<AppDb> {
  if (!holder.__ragcampDb) {
    const opening = openAppDb({ dataDir: env().dataDir, url: env().DATABASE_URL });
    holder.__ragcampDb = opening;
    opening.catch(() => {
      if (holder.__ragcampDb === opening) holder.__ragcampDb = undefined;
    });
  }
  return holder.__ragcampDb;
}

/** Closes the process's app database (a PostgreSQL pool would keep a CLI process alive); the next appDb() opens it again. */
export async function closeAppDb(): Promise<void> {
  const opening = holder.__ragcampDb;
  holder.__ragcampDb = undefined;
  await (await opening?.catch(() => undefined))?.close();
}
