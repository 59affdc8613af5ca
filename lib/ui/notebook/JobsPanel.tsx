"use client";

import { useEffect, useState } from "react";
import type { JobRecord } from "@/lib/db/app-db";
import { ProgressView } from "@/lib/ui/outputs/ProgressView";
import { notebookApi } from "./notebook-api";

/** Poll fast while a job runs, slowly otherwise: every open notebook polls. */
const POLL_MS = { active: 1_000, idle: 5_000 };

/**
 * Server jobs still running for this learner, e.g. an ingestion started
 * before a reload: the page re-attaches to them here.
 */
export function JobsPanel() {
  const [jobs, setJobs] = useState<JobRecord[]>([]);
  const [cancelling, setCancelling] = useState<Set<string>>(new Set());

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let active = false;
      try {
        const res = await fetch("/api/jobs?active=1");
        if (res.ok && !stopped) {
          const { jobs } = (await res.json()) as { jobs: JobRecord[] };
          active = jobs.length > 0;
          setJobs(jobs);
        }
      } catch {
        // offline for a moment; try again on the next tick
      }
      if (!stopped) timer = setTimeout(poll, active ? POLL_MS.active : POLL_MS.idle);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  if (jobs.length === 0) return null;
  return (
    <div className="jobs-panel" data-testid="jobs-panel">
      {jobs.map((j) => (
        <div key={j.id} className="job-row">
          <ProgressView
            p={{
              label: `${j.kind} job`,
              status: j.status,
              stage: j.progress?.stage,
              done: j.progress?.done ?? 0,
              total: j.progress?.total ?? 0,
              rate: j.progress?.rate,
              etaS: j.progress?.etaS,
              message: j.progress?.message,
            }}
          />
          <button
            type="button"
            className="btn-quiet"
            disabled={cancelling.has(j.id)}
            onClick={() => {
              setCancelling((s) => new Set(s).add(j.id));
              void notebookApi.cancelJob(j.id);
            }}
            data-testid="job-cancel"
          >
            {cancelling.has(j.id) ? "Cancelling…" : "Cancel"}
          </button>
        </div>
      ))}
    </div>
  );
}
