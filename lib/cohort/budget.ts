import { appDb } from "@/lib/db";
import type { QuotaUsage } from "@/lib/db/app-db";
import { quotaUsage } from "@/lib/quotas/policy";
import { requireLearner } from "@/lib/learners/tokens";

/** One learner's own budget (null: the cohort's default); their usage against it. */
export async function setBudget(learnerId: string, tokens: number | null): Promise<QuotaUsage> {
  const db = await appDb();
  await requireLearner(db, learnerId);
  await db.quotas.setBudget(learnerId, tokens);
  return quotaUsage(db, { learner: learnerId, instructor: false });
}
