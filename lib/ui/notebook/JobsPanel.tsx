"use client";

import { useEffect, useState } from "react";
import { ProgressView } from "@/lib/ui/outputs/ProgressView";
import { jobFollower, type JobState } from "@/lib/api/job-follower";
import { jobProgress } from "./job-view";

/**
 * Server jobs running for this learner that no cell on this page shows
 * (started from another lesson or the CLI), each with Cancel. Jobs a cell
 * started are shown in that cell, also after a reload.
 */
export function JobsPanel() {
  const [jobs, setJobs] = useState<JobState[]>([]);
  useEffect(() => jobFollower().onUnwatched(setJobs), []);

  if (jobs.length === 0) return null;
  return (
    <div className="jobs-panel" data-testid="jobs-panel">
      {jobs.map((j) => (
        <div key={j.id} className="job-row">
          <ProgressView p={jobProgress(j, `${j.kind} job`)} />
        </div>
      ))}
    </div>
  );
}
