"use client";

import type { ProgressOutput } from "@/lib/kernel/outputs";

function formatEta(s: number): string {
  if (s < 60) return `${s}s`;
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
}

/** A job's progress bar: stage, counts, rate and time left. */
export function ProgressView({ p }: { p: Pick<ProgressOutput, "label" | "status" | "stage" | "done" | "total" | "rate" | "etaS" | "message"> }) {
  const pct = p.total > 0 ? Math.min(100, Math.round((100 * p.done) / p.total)) : p.status === "done" ? 100 : 0;
  return (
    <div className={`job-progress job-${p.status}`} data-testid="output-progress" data-status={p.status}>
      <div className="job-line">
        <strong>{p.label}</strong>
        <span className="job-status">{p.status}</span>
        {p.stage && p.status === "running" && <span className="job-stage">{p.stage}</span>}
        <span className="spacer" />
        {p.total > 0 && (
          <span className="job-count">
            {p.done.toLocaleString()} / {p.total.toLocaleString()}
          </span>
        )}
        {p.rate !== undefined && p.status === "running" && <span className="job-rate">{p.rate}/s</span>}
        {p.etaS !== undefined && p.status === "running" && <span className="job-eta">about {formatEta(p.etaS)} left</span>}
      </div>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      {p.message && <div className="job-message">{p.message}</div>}
    </div>
  );
}
