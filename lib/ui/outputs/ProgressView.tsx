"use client";

import { useState } from "react";
import type { ProgressOutput } from "@/lib/kernel/outputs";
import { notebookApi } from "@/lib/ui/notebook/notebook-api";

function formatEta(s: number): string {
  if (s < 60) return `${s}s`;
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
}

/** A job's progress bar: stage, counts, rate and time left; Cancel while it runs. */
export function ProgressView({ p }: { p: Omit<ProgressOutput, "kind"> }) {
  const [cancelling, setCancelling] = useState(false);
  const active = p.status === "running" || p.status === "queued";
  const pct = p.total > 0 ? Math.min(100, Math.round((100 * p.done) / p.total)) : p.status === "done" ? 100 : 0;
  return (
    <div className={`job-progress job-${p.status}${p.stalledS !== undefined ? " job-stalled" : ""}`} data-testid="output-progress" data-status={p.status} data-stalled={p.stalledS !== undefined}>
      <div className="job-line">
        <strong>{p.label}</strong>
        <span className="job-status">{p.stalledS !== undefined && active ? "stalled" : p.status}</span>
        {p.stage && p.status === "running" && <span className="job-stage">{p.stage}</span>}
        <span className="spacer" />
        {p.total > 0 && (
          <span className="job-count">
            {p.done.toLocaleString()} / {p.total.toLocaleString()}
          </span>
        )}
        {p.rate !== undefined && p.status === "running" && <span className="job-rate">{p.rate}/s</span>}
        {p.etaS !== undefined && p.status === "running" && p.stalledS === undefined && <span className="job-eta">about {formatEta(p.etaS)} left</span>}
        {active && (
          <button
            type="button"
            className="btn-quiet"
            disabled={cancelling}
            onClick={() => {
              setCancelling(true);
              notebookApi.cancelJob(p.id).catch(() => setCancelling(false));
            }}
            data-testid="job-cancel"
          >
            {cancelling ? "Cancelling…" : "Cancel"}
          </button>
        )}
      </div>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      {p.stalledS !== undefined && active && (
        <div className="job-message" data-testid="job-stalled">
          Job stalled: no progress for {p.stalledS} s. It may still be working; cancel it if it does not move.
        </div>
      )}
      {p.message && <div className="job-message">{p.message}</div>}
    </div>
  );
}
