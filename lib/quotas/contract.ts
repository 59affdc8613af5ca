import { z } from "zod";
import { endpoint, noInput } from "@/lib/api/endpoint";

/** A learner's model tokens: settled, held by calls still running, and the budget (null: none, as for the instructor). */
export const quotaUsageSchema = z.object({
  used: z.number().int().min(0),
  reserved: z.number().int().min(0),
  budget: z.number().int().min(1).nullable(),
});
export type QuotaUsageView = z.infer<typeof quotaUsageSchema>;

/** The caller's own usage, for the notebook's "tokens left" line and the dashboard. */
export const getQuota = endpoint({ method: "GET", path: "/api/quota", request: noInput, response: quotaUsageSchema });
