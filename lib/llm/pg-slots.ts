/**
 * The chat-model cap shared by app instances on one PostgreSQL database:
 * `capacity` session advisory locks per model, pg_try_advisory_lock(key,
 * slot). A holder keeps its connection for the length of its call, so a
 * crashed instance's slots free themselves when its connections drop.
 */
import { createHash } from "node:crypto";
import pg from "pg";
import { env } from "../config/env";
import { inProcessSlots, type ModelSlots } from "./slots";

/** How long a waiter pauses between rounds of tries while every slot is taken (plus jitter, so instances do not try in step). */
const RETRY_MS = 100;

/** The advisory lock class of one model's slots: a stable 32-bit number from its id. */
export function slotKey(modelId: string): number {
  return createHash("sha256").update(`ragcamp-llm-slots:${modelId}`).digest().readInt32BE(0);
}

/** One model's cap: held across instances through the app database on PostgreSQL (DATABASE_URL), this process's own otherwise. */
export function modelSlots(capacity: number, modelId: string, databaseUrl = env().DATABASE_URL): ModelSlots {
  return databaseUrl && Number.isFinite(capacity) ? postgresSlots(databaseUrl, capacity, modelId) : inProcessSlots(capacity);
}

export function postgresSlots(connectionString: string, capacity: number, modelId: string): ModelSlots {
  // A connection per holder, one to try with.
  const pool = new pg.Pool({ connectionString, max: capacity + 1 });
  // Dropped connections are replaced on the next checkout; an idle one failing must not crash the process.
  pool.on("error", () => undefined);
  const key = slotKey(modelId);
  // Waiters of this instance line up here first, so they take free slots in their order and never try more than `capacity` at once.
  const local = inProcessSlots(capacity);

  /** A slot's connection, or undefined when all are held (by any instance). */
  async function tryOnce(): Promise<{ client: pg.PoolClient; slot: number } | undefined> {
    const client = await pool.connect();
    try {
      for (let slot = 0; slot < capacity; slot++) {
        const { rows } = await client.query<{ ok: boolean }>("select pg_try_advisory_lock($1, $2) as ok", [key, slot]);
        if (rows[0]?.ok) return { client, slot };
      }
    } catch (e) {
      client.release(true);
      throw e;
    }
    client.release();
    return undefined;
  }

  return {
    async acquire(signal) {
      const releaseLocal = await local.acquire(signal);
      try {
        for (;;) {
          signal?.throwIfAborted();
          const held = await tryOnce();
          if (held) {
            let released = false;
            return () => {
              if (released) return;
              released = true;
              releaseLocal();
              // Unlocked, or (on error) the connection is dropped, which unlocks too.
              held.client.query("select pg_advisory_unlock($1, $2)", [key, held.slot]).then(
                () => held.client.release(),
                () => held.client.release(true),
              );
            };
          }
          await pause(RETRY_MS + Math.random() * RETRY_MS, signal);
        }
      } catch (e) {
        releaseLocal();
        throw e;
      }
    },
  };
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", stop, { once: true });
  });
}
