import { createApiClient, LabApiError, type ApiClient } from "./client";
import { getJob, listJobs, type JobRecord } from "@/lib/jobs/contract";

/** Poll fast while a cell waits on a job, slower while other jobs run, slowly otherwise: every open notebook polls. */
export const POLL_MS = { followed: 500, active: 1_000, idle: 5_000 };

/** A job as the page sees it (the routes never send the learner id or spec back to the page's views). */
export type JobState = Omit<JobRecord, "learner" | "spec">;
type JobListener = (job: JobState) => void;
type ActiveListener = (jobs: JobState[]) => void;

export const isActive = (job: Pick<JobRecord, "status">) => job.status === "queued" || job.status === "running";

/**
 * The one follower of server jobs, for the page and the CLI. Cells (running
 * or re-attached after a reload) watch a job by id; the jobs panel hears
 * about the active jobs no cell watches; the CLI waits on `until`. One
 * request per tick lists the active jobs; a watched job that left that list
 * is fetched once for its final state.
 */
export class JobFollower {
  private readonly watchers = new Map<string, Set<JobListener>>();
  private readonly panels = new Set<ActiveListener>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ticking = false;

  constructor(
    private readonly api: ApiClient = createApiClient(),
    // Wrapped: the browser's setTimeout refuses to be called as a method of another object.
    private readonly schedule: (fn: () => void, ms: number) => ReturnType<typeof setTimeout> = (fn, ms) => setTimeout(fn, ms),
  ) {}

  /** Calls `listener` with every state of the job seen, the final one last; returns the unsubscribe. */
  watch(jobId: string, listener: JobListener): () => void {
    const set = this.watchers.get(jobId) ?? new Set();
    set.add(listener);
    this.watchers.set(jobId, set);
    this.wake();
    return () => {
      set.delete(listener);
      if (set.size === 0) this.watchers.delete(jobId);
    };
  }

  /** Resolves with the job's final state, calling `onState` with each state seen on the way. */
  until(jobId: string, onState: JobListener = () => undefined): Promise<JobState> {
    return new Promise((resolve) => {
      const stop = this.watch(jobId, (job) => {
        onState(job);
        if (!isActive(job)) {
          stop();
          resolve(job);
        }
      });
    });
  }

  /** Active jobs no cell on this page watches (another lesson's, the CLI's). */
  onUnwatched(listener: ActiveListener): () => void {
    this.panels.add(listener);
    this.wake();
    return () => this.panels.delete(listener);
  }

  /** Polls now rather than at the next tick (e.g. a cell just started a job). */
  private wake(): void {
    if (this.ticking) return;
    clearTimeout(this.timer);
    this.timer = this.schedule(() => void this.tick(), 0);
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (this.watchers.size === 0 && this.panels.size === 0) return;
    this.ticking = true;
    let active: JobState[] = [];
    try {
      active = (await this.api.call(listJobs, { input: { active: "1" } })).jobs;
      const byId = new Map(active.map((j) => [j.id, j]));
      for (const id of [...this.watchers.keys()]) {
        const job = byId.get(id) ?? (await this.fetchOne(id));
        if (job) this.deliver(job);
      }
      const unwatched = active.filter((j) => !this.watchers.has(j.id));
      for (const listener of this.panels) listener(unwatched);
    } catch {
      // Offline for a moment, or a refused or failed list, which says nothing about the jobs:
      // keep what the panel shows and try again on the next tick.
    } finally {
      this.ticking = false;
    }
    const ms = this.watchers.size > 0 ? POLL_MS.followed : active.length > 0 ? POLL_MS.active : POLL_MS.idle;
    if (this.watchers.size > 0 || this.panels.size > 0) this.timer = this.schedule(() => void this.tick(), ms);
  }

  private async fetchOne(id: string): Promise<JobState | null> {
    try {
      return await this.api.call(getJob, { params: { id } });
    } catch (e) {
      // A job that does not exist (any more, e.g. after a reset) ends its watchers.
      if (!(e instanceof LabApiError && e.status === 404)) return null;
      const now = new Date().toISOString();
      return { id, kind: "unknown", status: "failed", progress: null, result: null, error: "This job no longer exists on the server.", createdAt: now, updatedAt: now };
    }
  }

  private deliver(job: JobState): void {
    for (const listener of [...(this.watchers.get(job.id) ?? [])]) listener(job);
    if (!isActive(job)) this.watchers.delete(job.id);
  }
}

let shared: JobFollower | undefined;
/** The page's follower, shared by every notebook component. */
export function jobFollower(): JobFollower {
  shared ??= new JobFollower();
  return shared;
}
