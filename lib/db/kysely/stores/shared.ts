import type { Expression, ExpressionBuilder, Kysely, SqlBool, Transaction } from "kysely";
import type { AppDb } from "../../app-db";
import type { Tables } from "../schema";

export type Db = Kysely<Tables>;
export type Stores = Omit<AppDb, "engine" | "location" | "kysely" | "close">;

export const now = () => new Date().toISOString();
/** Counts come back as strings from PostgreSQL (bigint), as numbers from SQLite. */
export const asNumber = (n: string | number | bigint) => Number(n);

/** Bound parameters per embedding lookup or insert: well under both engines' limits. */
export const MAX_PARAMS = 500;

/** Tries of a serializable transaction that lost a race: each round of racing ones lets at least one through. */
const MAX_TRIES = 20;

/**
 * Runs statements that must land together in one transaction. Serializable
 * where they read then renumber (own cells): PostgreSQL then refuses one of
 * two racing transactions instead of interleaving them, and it is run again.
 * SQLite's transactions (begin immediate) are serial anyway.
 */
export async function atomic<T>(db: Db, run: (trx: Transaction<Tables>) => Promise<T>, serializable = false): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const trx = db.transaction();
      return await (serializable ? trx.setIsolationLevel("serializable") : trx).execute(run);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      // 40001 serialization failure, 40P01 deadlock: nothing was applied, safe to run again.
      if (attempt >= MAX_TRIES || (code !== "40001" && code !== "40P01")) throw e;
      // A random pause, so the losers do not collide again in step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

/** `column` starts with `prefix`, literally: LIKE would take "_" and "%" in it as wildcards. */
export function startsWith<T extends keyof Tables>(eb: ExpressionBuilder<Tables, T>, column: Expression<string>, prefix: string): Expression<SqlBool> {
  // length() counts characters on both engines, as substr does (a JS length counts UTF-16 units).
  return eb(eb.fn("substr", [column, eb.lit(1), eb.fn("length", [eb.cast(eb.val(prefix), "text")])]), "=", prefix);
}

export const json = (value: unknown) => JSON.stringify(value);
export const parseJson = (text: string): unknown => JSON.parse(text);
export const parseNullableJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));
