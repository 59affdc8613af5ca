import { LabError } from "@/lib/errors";

/**
 * Per-learner limits on graph queries: one learner-written query at a time
 * (a second waits up to WAIT_MS, then gets 429), queries the lab makes on a
 * learner's behalf wait their turn, and a learner whose queries stopped the
 * engine STRIKES times within STRIKE_WINDOW_MS is refused for BAN_MS.
 */

export const WAIT_MS = 2_000;
export const STRIKES = 3;
export const STRIKE_WINDOW_MS = 10 * 60_000;
export const BAN_MS = 10 * 60_000;

interface Slot {
  waiters: (() => void)[];
}

export class LearnerLimits {
  private readonly slots = new Map<string, Slot>();
  private readonly strikes = new Map<string, number[]>();
  private readonly bannedUntil = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Runs `work` in the learner's turn; `learnerWritten` queries give up after WAIT_MS. */
  async run<T>(learner: string | undefined, learnerWritten: boolean, work: () => Promise<T>): Promise<T> {
    if (learner === undefined) return work();
    if (learnerWritten) this.assertNotBanned(learner);
    await this.acquire(learner, learnerWritten ? WAIT_MS : Infinity);
    try {
      return await work();
    } finally {
      this.release(learner);
    }
  }

  /** A learner-written query of `learner` was in flight when the engine had to be stopped. */
  strike(learner: string): void {
    const now = this.now();
    const recent = (this.strikes.get(learner) ?? []).filter((t) => now - t < STRIKE_WINDOW_MS);
    recent.push(now);
    this.strikes.set(learner, recent);
    if (recent.length >= STRIKES) {
      this.bannedUntil.set(learner, now + BAN_MS);
      this.strikes.delete(learner);
    }
  }

  private assertNotBanned(learner: string): void {
    const until = this.bannedUntil.get(learner);
    if (until === undefined) return;
    const left = until - this.now();
    if (left <= 0) {
      this.bannedUntil.delete(learner);
      return;
    }
    throw new LabError(
      "too_many_requests",
      `Your graph queries stopped the graph engine ${STRIKES} times in ${STRIKE_WINDOW_MS / 60_000} minutes, so graph queries are paused for you for ${Math.ceil(left / 60_000)} more minutes.`,
      undefined,
      Math.ceil(left / 1000),
    );
  }

  private acquire(learner: string, waitMs: number): Promise<void> {
    const slot = this.slots.get(learner);
    if (!slot) {
      this.slots.set(learner, { waiters: [] });
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const take = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer =
        waitMs === Infinity
          ? undefined
          : setTimeout(() => {
              slot.waiters.splice(slot.waiters.indexOf(take), 1);
              reject(
                new LabError(
                  "too_many_requests",
                  "You already have a graph query running: wait for it to finish, then run this one again.",
                  undefined,
                  Math.ceil(waitMs / 1000),
                ),
              );
            }, waitMs);
      slot.waiters.push(take);
    });
  }

  private release(learner: string): void {
    const slot = this.slots.get(learner);
    const next = slot?.waiters.shift();
    if (next) next();
    else this.slots.delete(learner);
  }
}
