import type { JobRecord } from "@/lib/db/app-db";

/** Poll fast while a cell waits on a job, slower while other jobs run, slowly otherwise: every open notebook polls. */
export const POLL_MS = { followed: 500, active: 1_000, idle: 5_000 };

type Fetch = (url: string) => Promise<Response>;
/** A job as the page sees it (the routes never send the learner id or spec back to the page's views). */
export type JobState = Omit<JobRecord, "learner" | "spec">;
type JobListener = (job: JobState) => void;
type ActiveListener = (jobs: JobState[]) => void;

export const isActive = (job: Pick<JobRecord, "status">) => job.status === "queued" || job.status === "running";

/**
 * The page's one follower of server jobs. Cells (running or re-attached after
 * a reload) watch a job by id; the jobs panel hears about the active jobs no
 * cell watches. One request per tick lists the active jobs; a watched job
 * that left that list is fetched once for its final state.
 */
export class JobFollower {
  private readonly watchers = new Map<string, Set<JobListener>>();
  private readonly panels = new Set<ActiveListener>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ticking = false;

  constructor(
    private readonly fetchFn: Fetch = (url) => fetch(url),
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
      const res = await this.fetchFn("/api/jobs?active=1");
      // A refused or failed list says nothing about the jobs: keep what the panel shows and try again next tick.
      if (res.ok) {
        active = ((await res.json()) as { jobs: JobState[] }).jobs;
        const byId = new Map(active.map((j) => [j.id, j]));
        for (const id of [...this.watchers.keys()]) {
          const job = byId.get(id) ?? (await this.fetchOne(id));
          if (job) this.deliver(job);
        }
        const unwatched = active.filter((j) => !this.watchers.has(j.id));
        for (const listener of this.panels) listener(unwatched);
      }
    } catch {
      // Offline for a moment: try again on the next tick.
    } finally {
      this.ticking = false;
    }
    const ms = this.watchers.size > 0 ? POLL_MS.followed : active.length > 0 ? POLL_MS.active : POLL_MS.idle;
    if (this.watchers.size > 0 || this.panels.size > 0) this.timer = this.schedule(() => void this.tick(), ms);
  }

  private async fetchOne(id: string): Promise<JobState | null> {
    const res = await this.fetchFn(`/api/jobs/${encodeURIComponent(id)}`);
    if (res.ok) return (await res.json()) as JobState;
    // A job that does not exist (any more, e.g. after a reset) ends its watchers.
    if (res.status === 404) {
      const now = new Date().toISOString();
      return { id, kind: "unknown", status: "failed", progress: null, result: null, error: "This job no longer exists on the server.", createdAt: now, updatedAt: now };
    }
    return null;
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
