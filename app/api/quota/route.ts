import { appDb } from "@/lib/db";
import { quotaUsage } from "@/lib/quotas/policy";
import { getQuota } from "@/lib/quotas/contract";
import { currentCaller } from "@/lib/server/caller";
import { route } from "@/lib/server/route";

/** The caller's own model tokens: used, held by calls still running, and their budget. */
export const GET = route(getQuota, async () => quotaUsage(await appDb(), currentCaller()));
