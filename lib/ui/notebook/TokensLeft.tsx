"use client";
import { useEffect, useState } from "react";
import { getQuota, type QuotaUsageView } from "@/lib/quotas/contract";
import { pageApi } from "./notebook-api";

/** "N of M model tokens left", for a learner with a budget only; read again each time the notebook goes idle. */
export function TokensLeft({ busy }: { busy: boolean }) {
  const [usage, setUsage] = useState<QuotaUsageView | null>(null);
  useEffect(() => {
    if (busy) return;
    let live = true;
    // A line of information only: if it cannot be read, it is not shown.
    pageApi.call(getQuota).then(
      (u) => live && setUsage(u),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [busy]);
  if (!usage || usage.budget === null) return null;
  const tokens = (n: number) => n.toLocaleString("en-US");
  const left = Math.max(0, usage.budget - usage.used - usage.reserved);
  return (
    <span className="save-state" data-testid="tokens-left" title="Your model-token budget for this cohort: chat replies and embeddings sent to the model server">
      {tokens(left)} of {tokens(usage.budget)} model tokens left
    </span>
  );
}
