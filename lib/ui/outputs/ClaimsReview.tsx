"use client";

import { useEffect, useState } from "react";
import { deleteClaimReview, listClaimReviews, saveClaimReview, type KappaAgreement, type ReviewLabel } from "@/lib/judge/contract";
import { labelFor, oppositeLabel, reviewKey } from "@/lib/judge/reviews";
import type { ClaimsOutput } from "@/lib/kernel/outputs";
import { pageApi } from "@/lib/ui/notebook/notebook-api";

/** A change to the learner's reviews, shared by every claims view on the page so their κ stays the same. */
interface Change {
  /** Review key → the learner's label, or null for "not reviewed". */
  labels: Record<string, string | null>;
  agreement: KappaAgreement;
}
const listeners = new Set<(change: Change) => void>();
const broadcast = (change: Change) => listeners.forEach((l) => l(change));

function Agreement({ agreement }: { agreement: KappaAgreement }) {
  const n = `${agreement.n} ${agreement.n === 1 ? "claim" : "claims"} reviewed`;
  return (
    <p className="claims-kappa" data-testid="kappa" aria-live="polite">
      Your agreement with the judge:{" "}
      {agreement.kappa === null ? (
        <>
          <strong>κ undefined</strong>: {agreement.reason} ({n})
        </>
      ) : (
        <>
          <strong>κ = {agreement.kappa.toFixed(2)}</strong> (observed {agreement.observed.toFixed(2)}, chance {agreement.expected.toFixed(2)}, {n})
        </>
      )}
    </p>
  );
}

/**
 * The faithfulness judge's verdict on every claim, with the learner's own:
 * agree, overrule (stores the opposite label) or, pressed again, back to not
 * reviewed. Reviews are saved per learner on the server, so a reload shows
 * them, and κ is over all of the learner's reviews.
 */
export function ClaimsReview({ output }: { output: ClaimsOutput }) {
  const [labels, setLabels] = useState<Record<string, string | null>>({});
  const [agreement, setAgreement] = useState<KappaAgreement | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    let live = true;
    const apply = (change: Change) => {
      setLabels((old) => ({ ...old, ...change.labels }));
      setAgreement(change.agreement);
    };
    listeners.add(apply);
    pageApi
      .call(listClaimReviews)
      .then(({ reviews, agreement }) => {
        if (!live) return;
        // Loaded after a click of ours landed? The server's answer is newer than nothing, older than the click.
        setLabels((old) => ({ ...Object.fromEntries(reviews.map((r) => [r.key, r.learnerLabel])), ...old }));
        setAgreement((old) => old ?? agreement);
      })
      .catch((e: Error) => live && setError(`Could not load your reviews: ${e.message}`));
    return () => {
      live = false;
      listeners.delete(apply);
    };
  }, []);

  async function choose(key: string, claim: string, judgeLabel: ReviewLabel, learnerLabel: ReviewLabel | null) {
    if (pending.has(key)) return;
    setPending((s) => new Set(s).add(key));
    setError(null);
    try {
      if (learnerLabel === null) {
        const res = await pageApi.call(deleteClaimReview, { input: { key } });
        broadcast({ labels: { [key]: null }, agreement: res.agreement });
      } else {
        const res = await pageApi.call(saveClaimReview, { input: { key, claim, judgeLabel, learnerLabel } });
        broadcast({ labels: { [key]: res.review.learnerLabel }, agreement: res.agreement });
      }
    } catch (e) {
      setError(`Could not save your review: ${(e as Error).message}`);
    } finally {
      setPending((s) => {
        const next = new Set(s);
        next.delete(key);
        return next;
      });
    }
  }

  return (
    <div className="claims-review" data-testid="claims-review">
      {agreement ? <Agreement agreement={agreement} /> : !error && <p className="note">Loading your reviews…</p>}
      {error && (
        <p className="claims-error" role="alert">
          {error}
        </p>
      )}
      {output.items.map((item) => (
        <section key={item.id} className="claims-item" aria-label={`Claims of ${item.id}`}>
          <p className="claims-question">
            <span className="claims-id">{item.id}</span> {item.question}
          </p>
          <blockquote className="claims-answer">{item.answer}</blockquote>
          {item.contexts.length > 0 && (
            <details className="claims-contexts">
              <summary>
                {item.contextsTotal ? `The first ${item.contexts.length} of the ${item.contextsTotal} passages` : `The ${item.contexts.length} passages`} the judge checked against
              </summary>
              <ol>
                {item.contexts.map((c, i) => (
                  <li key={i}>{c}</li>
                ))}
              </ol>
            </details>
          )}
          <ol className="claims-list">
            {item.claims.map((c) => {
              const key = reviewKey(output.judgeRun, item.id, c.index);
              const judgeLabel = labelFor(c.supported);
              const mine = labels[key] ?? null;
              const state = mine === null ? "none" : mine === judgeLabel ? "agree" : "overrule";
              return (
                <li key={c.index} className={`claim-row review-${state}`} data-testid="claim-row" data-review={state} aria-busy={pending.has(key)}>
                  <span className="claim-text">{c.claim}</span>
                  <span className="claim-verdict">
                    judge: <span className={`verdict verdict-${judgeLabel}`}>{judgeLabel}</span>
                    {c.reason && <span className="claim-reason"> {c.reason}</span>}
                  </span>
                  <span className="claim-controls" role="group" aria-label={`Your verdict on claim ${c.index + 1}`}>
                    <button
                      type="button"
                      className="btn-quiet btn-toggle"
                      aria-pressed={state === "agree"}
                      onClick={() => void choose(key, c.claim, judgeLabel, state === "agree" ? null : judgeLabel)}
                      data-testid="claim-agree"
                      title={state === "agree" ? "Press again to mark as not reviewed" : `Agree: the claim is ${judgeLabel}`}
                    >
                      Agree
                    </button>
                    <button
                      type="button"
                      className="btn-quiet btn-toggle"
                      aria-pressed={state === "overrule"}
                      onClick={() => void choose(key, c.claim, judgeLabel, state === "overrule" ? null : oppositeLabel(judgeLabel))}
                      data-testid="claim-overrule"
                      title={state === "overrule" ? "Press again to mark as not reviewed" : `Overrule: the claim is ${oppositeLabel(judgeLabel)}`}
                    >
                      Overrule
                    </button>
                    <span className="claim-state">{state === "none" ? "not reviewed" : state === "agree" ? `you: ${judgeLabel}` : `you: ${oppositeLabel(judgeLabel)}`}</span>
                  </span>
                </li>
              );
            })}
          </ol>
        </section>
      ))}
      {output.omittedItems ? <p className="note">{output.omittedItems} more items left out to keep the output under the size limit.</p> : null}
    </div>
  );
}
