import { randomUUID } from "node:crypto";
import { env, type ServerEnv } from "@/lib/config/env";
import { appDb } from "@/lib/db";
import type { AppDb, QuotaReservation, QuotaUsage } from "@/lib/db/app-db";
import { LabError } from "@/lib/errors";
import { logSafe } from "@/lib/errors/redact";
import { learnerBudgetScope } from "./scope";

/** The cohort-wide limits; a learner's own budget (`ragcamp quota set`) overrides the first. */
export function quotaLimits(e: Pick<ServerEnv, "RAGCAMP_LEARNER_TOKEN_BUDGET" | "RAGCAMP_LEARNER_REQUESTS_PER_MINUTE"> = env()) {
  return { defaultBudget: e.RAGCAMP_LEARNER_TOKEN_BUDGET ?? null, perMinute: e.RAGCAMP_LEARNER_REQUESTS_PER_MINUTE ?? null };
}

/** A learner's usage against their budget; the instructor has no quota. */
export async function quotaUsage(db: AppDb, caller: { learner: string; instructor: boolean }): Promise<QuotaUsage> {
  if (caller.instructor) return { used: 0, reserved: 0, budget: null };
  return db.quotas.get(caller.learner, quotaLimits().defaultBudget);
}

const tokens = (n: number) => n.toLocaleString("en-US");

function refusal(r: Exclude<QuotaReservation, { ok: true }>, needed: number, perMinute: number | null): LabError {
  if (r.reason === "rate") {
    const seconds = Math.ceil(r.retryAfterMs / 1000);
    return new LabError("too_many_requests", `You have sent ${perMinute} model requests in the last minute, the most allowed; try again in ${seconds} s.`, undefined, seconds);
  }
  const { used, reserved, budget } = r.usage;
  const inFlight = reserved > 0 ? `, ${tokens(reserved)} held by calls still running` : "";
  return new LabError(
    "too_many_requests",
    `You have used your ${tokens(budget ?? 0)}-token budget for this cohort; ask your instructor to raise it. (${tokens(used)} used${inFlight}; this call needs up to ${tokens(needed)}.)`,
  );
}

/**
 * Runs one request to a model server on the current learner's quota:
 * `prompt + maxOutput` tokens are reserved before it is sent (refused with a
 * 429 LabError when that would pass the budget or the rate), and settled
 * after with `used(result)`, the server's count or the tokenizer's; a failed
 * request with `used(undefined)` (by default its prompt, which the server may
 * have read). Outside a learner's scope (the instructor, local mode, the
 * CLI) it just runs.
 */
export async function metered<T>(cost: { prompt: number; maxOutput: number }, request: () => Promise<T>, used: (result: T | undefined) => number = () => cost.prompt): Promise<T> {
  const scope = learnerBudgetScope();
  if (!scope) return request();
  const db = await appDb();
  const limits = quotaLimits();
  const id = randomUUID();
  const needed = cost.prompt + cost.maxOutput;
  const reservation = await db.quotas.reserve(scope.learner, { id, tokens: needed, ...limits });
  if (!reservation.ok) throw refusal(reservation, needed, limits.perMinute);
  // A settle that fails leaves the reservation to expire: logged, never a failed call after the fact.
  const settle = (n: number) => db.quotas.settle(scope.learner, id, n).catch((e: unknown) => console.error(`quota: could not settle a model call's usage: ${logSafe(e)}`));
  let result: T;
  try {
    result = await request();
  } catch (e) {
    await settle(used(undefined));
    throw e;
  }
  await settle(used(result));
  return result;
}
