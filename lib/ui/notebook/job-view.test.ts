import { describe, expect, it } from "vitest";
import type { JobState } from "@/lib/api/job-follower";
import { jobEnd, jobPartial, jobProgress, StallClock } from "./job-view";

const job = (change: Partial<JobState>): JobState => ({
  id: "j1",
  kind: "ingest",
  status: "running",
  progress: { stage: "embed", done: 10, total: 100, message: "Embedding 100 new chunks" },
  result: null,
  error: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:03:18.900Z",
  ...change,
});

describe("StallClock", () => {
  it("counts a moved counter as progress and a heartbeat or a new message as none", () => {
    const clock = new StallClock(0);
    expect(clock.see(job({}), 1_000)).toBe(0);
    expect(clock.see(job({ progress: { stage: "embed", done: 10, total: 100, message: "still embedding" } }), 6_000)).toBe(5_000);
    expect(clock.see(job({ progress: { stage: "embed", done: 11, total: 100 } }), 7_000)).toBe(0);
    // A new stage starting at 0 is movement too.
    expect(clock.see(job({ progress: { stage: "store", done: 0, total: 1 } }), 9_000)).toBe(0);
  });
});

describe("jobProgress", () => {
  it("replaces a finished job's bar with its summary: full, with the last message and the time it took", () => {
    const done = jobProgress(job({ status: "done", progress: { stage: "store", done: 0, total: 1213, message: "Wrote 1213 chunks" } }), "Ingesting google-talks");
    expect(done).toMatchObject({ kind: "progress", id: "j1", status: "done", done: 1213, total: 1213, message: "Wrote 1213 chunks · finished in 198.9 s" });
    expect(done.etaS).toBeUndefined();
  });

  it("shows a failed job's error and a stalled job's seconds without a move", () => {
    expect(jobProgress(job({ status: "failed", error: "Embedding model not found" }), "x").message).toBe("Embedding model not found");
    expect(jobProgress(job({}), "x", 301)).toMatchObject({ status: "running", stalledS: 301 });
  });
});

describe("jobPartial and jobEnd", () => {
  it("shows results a running job publishes as one table, and a note once it is done", () => {
    const partial = [{ chunker: "token 128/0", mrr: 0.12345 }];
    const running = jobPartial(job({ progress: { stage: "grid", done: 1, total: 4, partial } }), 100_000);
    expect(running).toMatchObject({ kind: "table", id: "j1-partial", rows: [{ chunker: "token 128/0", mrr: 0.123 }] });
    expect(jobPartial(job({ status: "done", progress: { stage: "grid", done: 4, total: 4, partial } }), 100_000)).toMatchObject({ kind: "text", id: "j1-partial", text: "The result is finished." });
    expect(jobPartial(job({}), 100_000)).toBeNull();
  });

  it("tells the waiting cell the result, or how the job ended", () => {
    expect(jobEnd(job({ status: "done", result: { chunks: 3 } }))).toEqual({ status: "done", result: { chunks: 3 } });
    expect(jobEnd(job({ status: "cancelled", error: "Cancelled." }))).toEqual({ status: "cancelled", error: "Cancelled." });
  });
});
