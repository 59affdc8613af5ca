import type { CellOutput, ProgressOutput } from "@/lib/kernel/outputs";
import type { JobEnd } from "@/lib/kernel/protocol";
import { tableOutput } from "@/lib/kernel/to-output";
import { isActive, type JobState } from "@/lib/api/job-follower";

const round = (v: unknown) => (typeof v === "number" ? Math.round(v * 1000) / 1000 : v);

function elapsedS(job: JobState): string {
  const ms = Date.parse(job.updatedAt) - Date.parse(job.createdAt);
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : "";
}

/** The one progress output a cell shows for a job: live while it runs, its summary once it ends. */
export function jobProgress(job: JobState, label: string, stalledS?: number): ProgressOutput {
  const p = job.progress;
  const base = { kind: "progress" as const, id: job.id, label, status: job.status, stage: p?.stage, done: p?.done ?? 0, total: p?.total ?? 0 };
  if (isActive(job)) return { ...base, rate: p?.rate, etaS: p?.etaS, message: p?.message, stalledS };
  if (job.status === "done") {
    const took = elapsedS(job);
    return { ...base, done: base.total, message: [p?.message, took && `finished in ${took}`].filter(Boolean).join(" · ") };
  }
  return { ...base, message: job.error ?? `Job ${job.status}` };
}

/** Results a job publishes while it runs (grid points), replaced by a note once it is done. */
export function jobPartial(job: JobState, maxOutputBytes: number): CellOutput | null {
  const partial = job.progress?.partial;
  if (!Array.isArray(partial)) return null;
  const id = `${job.id}-partial`;
  if (job.status === "done") return { kind: "text", id, stream: "info", text: partial.length === 1 ? "The result is finished." : `All ${partial.length} results finished.` };
  if (!isActive(job) || partial.length === 0) return null;
  const rows = (partial as Record<string, unknown>[]).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v)])));
  const table = tableOutput(rows, undefined, maxOutputBytes);
  return table.kind === "table" ? { ...table, id } : null;
}

export function jobEnd(job: JobState): JobEnd {
  if (job.status === "done") return { status: "done", result: job.result };
  return { status: job.status === "cancelled" ? "cancelled" : "failed", error: job.error ?? `Job ${job.status}` };
}

/**
 * When a job's counter (status, stage, done, total) last moved, on the
 * page's clock. Messages, rates and heartbeats are not movement.
 */
export class StallClock {
  private key = "";
  private movedAt: number;

  constructor(now: number) {
    this.movedAt = now;
  }

  /** Milliseconds since the counter last moved, counting this sighting. */
  see(job: JobState, now: number): number {
    const p = job.progress;
    const key = `${job.status}|${p?.stage ?? ""}|${p?.done ?? 0}|${p?.total ?? 0}`;
    if (key !== this.key) {
      this.key = key;
      this.movedAt = now;
    }
    return now - this.movedAt;
  }
}
