import { describe, expect, it } from "vitest";
import { LabError } from "@/lib/errors";
import { BAN_MS, LearnerLimits, STRIKE_WINDOW_MS, STRIKES } from "./learner-limits";

/** The strike window and the pause, on a fake clock. */
describe("learner limits", () => {
  const ok = async () => "ran";
  const refusal = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as LabError);

  it(`pauses a learner for ${BAN_MS / 60_000} minutes after ${STRIKES} strikes inside the window, then lets them back`, async () => {
    let now = 0;
    const limits = new LearnerLimits(() => now);
    for (let i = 0; i < STRIKES; i++) limits.strike("mallory");
    now += 60_000;
    const paused = await refusal(limits.run("mallory", true, ok));
    expect(paused?.code).toBe("too_many_requests");
    expect(paused?.retryAfterS).toBe((BAN_MS - 60_000) / 1000);
    // The lab's own queries for them still run (KVG hops, schema).
    expect(await limits.run("mallory", false, ok)).toBe("ran");
    now += BAN_MS;
    expect(await limits.run("mallory", true, ok)).toBe("ran");
  });

  it("forgets strikes older than the window", async () => {
    let now = 0;
    const limits = new LearnerLimits(() => now);
    for (let i = 0; i < STRIKES - 1; i++) limits.strike("bob");
    now += STRIKE_WINDOW_MS;
    limits.strike("bob");
    expect(await limits.run("bob", true, ok)).toBe("ran");
  });
});
