import { RESERVATION_TTL_MS, type QuotaUsage } from "../../app-db";
import type { Engine } from "../migrations";
import { type Db, type Stores, asNumber, atomic } from "./shared";

type Reader = Pick<Db, "selectFrom">;

const RATE_WINDOW_MS = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Settled tokens, and tokens reserved by calls not yet settled and not expired. */
async function usageOf(db: Reader, learnerId: string, at: number): Promise<Omit<QuotaUsage, "budget">> {
  const row = await db
    .selectFrom("quota_reservation")
    .select((eb) => [
      eb.fn.sum<string | number | null>("settled").as("used"),
      eb.fn
        .sum<string | number | null>(eb.case().when(eb.and([eb("settled", "is", null), eb("created_at", ">", iso(at - RESERVATION_TTL_MS))])).then(eb.ref("tokens")).else(0).end())
        .as("reserved"),
    ])
    .where("learner", "=", learnerId)
    .executeTakeFirstOrThrow();
  return { used: asNumber(row.used ?? 0), reserved: asNumber(row.reserved ?? 0) };
}

async function budgetOf(db: Reader, learnerId: string, defaultBudget: number | null): Promise<number | null> {
  const row = await db.selectFrom("quota_account").select("budget").where("learner", "=", learnerId).executeTakeFirst();
  return row?.budget == null ? defaultBudget : asNumber(row.budget);
}

export function quotaStore(db: Db, engine: Engine): Stores["quotas"] {
  return {
    async reserve(learnerId, { id, tokens, defaultBudget, perMinute }) {
      return atomic(db, async (trx) => {
        // The learner's row is the lock: on PostgreSQL racing reservations queue on it (FOR UPDATE);
        // SQLite runs write transactions one at a time (begin immediate).
        await trx.insertInto("quota_account").values({ learner: learnerId, budget: null }).onConflict((oc) => oc.column("learner").doNothing()).execute();
        const account = trx.selectFrom("quota_account").select("budget").where("learner", "=", learnerId);
        const row = await (engine === "postgres" ? account.forUpdate() : account).executeTakeFirstOrThrow();
        const budget = row.budget == null ? defaultBudget : asNumber(row.budget);
        const at = Date.now();
        if (perMinute !== null) {
          const recent = await trx
            .selectFrom("quota_reservation")
            .select((eb) => [eb.fn.countAll<string | number>().as("n"), eb.fn.min("created_at").as("oldest")])
            .where("learner", "=", learnerId)
            .where("created_at", ">", iso(at - RATE_WINDOW_MS))
            .executeTakeFirstOrThrow();
          if (asNumber(recent.n) >= perMinute && recent.oldest) {
            return { ok: false, reason: "rate", retryAfterMs: Math.max(1, Date.parse(recent.oldest) + RATE_WINDOW_MS - at) } as const;
          }
        }
        if (budget !== null) {
          const usage = await usageOf(trx, learnerId, at);
          if (usage.used + usage.reserved + tokens > budget) return { ok: false, reason: "budget", usage: { ...usage, budget } } as const;
        }
        await trx.insertInto("quota_reservation").values({ id, learner: learnerId, tokens, settled: null, created_at: iso(at) }).execute();
        return { ok: true } as const;
      });
    },

    async settle(learnerId, id, tokens) {
      await db.updateTable("quota_reservation").set({ settled: tokens }).where("learner", "=", learnerId).where("id", "=", id).execute();
    },

    async get(learnerId, defaultBudget) {
      return { ...(await usageOf(db, learnerId, Date.now())), budget: await budgetOf(db, learnerId, defaultBudget) };
    },

    async setBudget(learnerId, tokens) {
      await db
        .insertInto("quota_account")
        .values({ learner: learnerId, budget: tokens })
        .onConflict((oc) => oc.column("learner").doUpdateSet({ budget: tokens }))
        .execute();
    },
  };
}
