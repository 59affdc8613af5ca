import type { ApiClient } from "@/lib/api/client";
import { JobFollower } from "@/lib/api/job-follower";
import type { JobProgress, JobRecord } from "@/lib/jobs/contract";
import { isLabErrorCode, LabError } from "@/lib/errors";
import type { JobContext } from "@/lib/jobs/manager";
import type { CliIo } from "./output";

function progressLine(p: JobProgress | null): string {
  if (!p) return "queued";
  const eta = p.etaS !== undefined ? `, about ${p.etaS}s left` : "";
  const rate = p.rate !== undefined ? ` at ${p.rate}/s` : "";
  return `${p.stage} ${p.done}/${p.total}${rate}${eta}${p.message ? ` - ${p.message}` : ""}`;
}

/** Progress on stderr at most once a second (and always the last step), for work run in this process. */
export function cliJobContext(io: CliIo): JobContext {
  let last = 0;
  return {
    signal: new AbortController().signal,
    progress: (p) => {
      if (Date.now() - last < 1_000 && p.done < p.total) return;
      last = Date.now();
      io.log(progressLine(p));
    },
  };
}

/** Follows a job started on the running server until it ends; returns its result or throws its error. */
export async function followServerJob(api: ApiClient, started: Pick<JobRecord, "id">, io: CliIo): Promise<unknown> {
  let lastLine = "";
  const job = await new JobFollower(api).until(started.id, (state) => {
    const line = progressLine(state.progress);
    if (line !== lastLine && (state.status === "queued" || state.status === "running")) io.log(line);
    lastLine = line;
  });
  if (job.status === "cancelled") throw new LabError("conflict", job.error ?? `${job.kind} cancelled`);
  if (job.status !== "done") {
    const message = job.error ?? `${job.kind} ${job.status}`;
    // The job's own class (timeout, rate_limited...), as the CLI would report it without a server.
    throw isLabErrorCode(job.errorCode) ? new LabError(job.errorCode, message) : new Error(message);
  }
  return job.result;
}
