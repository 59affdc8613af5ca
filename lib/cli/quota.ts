import { appDb } from "@/lib/db";
import type { QuotaUsage } from "@/lib/db/app-db";
import { LabError } from "@/lib/errors";
import { setBudget } from "@/lib/cohort/budget";
import { requireLearner } from "@/lib/learners/tokens";
import { quotaLimits, quotaUsage } from "@/lib/quotas/policy";
import type { CliIo } from "./output";

export const QUOTA_USAGE = "quota set LEARNER TOKENS|default | quota show [LEARNER]";

const tokens = (n: number) => n.toLocaleString("en-US");
const line = (id: string, u: QuotaUsage) =>
  `${id.padEnd(20)} ${tokens(u.used).padStart(12)} used  ${tokens(u.reserved).padStart(10)} in calls running  budget ${u.budget === null ? "none" : tokens(u.budget)}`;

/**
 * `ragcamp quota set LEARNER TOKENS | show [LEARNER]`: a learner's own model
 * budget over RAGCAMP_LEARNER_TOKEN_BUDGET. It goes straight to the app
 * database, which a running server shares: its next reservation reads it.
 */
export async function quotaCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, learner, amount, ...extra] = args;
  const db = await appDb();
  if (sub === "set" && learner && amount && !extra.length) {
    const budget = amount === "default" ? null : Number(amount);
    if (budget !== null && !(Number.isSafeInteger(budget) && budget >= 1)) throw new LabError("bad_input", `TOKENS must be a whole number of at least 1, or "default"; got ${JSON.stringify(amount)}`);
    const usage = await setBudget(learner, budget);
    io.result({ ok: true, learner, ...usage }, () => `${learner}'s budget is now ${usage.budget === null ? "none (no RAGCAMP_LEARNER_TOKEN_BUDGET is set)" : `${tokens(usage.budget)} tokens`}; ${tokens(usage.used)} used so far.`);
    return 0;
  }
  if (sub === "show" && !amount) {
    const ids = learner ? (await requireLearner(db, learner), [learner]) : (await db.learners.list()).map((l) => l.id);
    const learners = await Promise.all(ids.map(async (id) => ({ learner: id, ...(await quotaUsage(db, { learner: id, instructor: false })) })));
    const { defaultBudget, perMinute } = quotaLimits();
    const limits = `Default budget ${defaultBudget === null ? "none" : `${tokens(defaultBudget)} tokens`}, ${perMinute === null ? "no request limit" : `${perMinute} requests a minute`}.`;
    io.result({ ok: true, defaultBudget, perMinute, learners }, () => [limits, ...learners.map((u) => line(u.learner, u))].join("\n") + (learners.length ? "" : "\nNo learners yet: ragcamp learner add NAME"));
    return 0;
  }
  throw new LabError("bad_input", `Usage: ragcamp ${QUOTA_USAGE}`);
}
