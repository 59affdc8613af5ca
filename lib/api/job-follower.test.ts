import { describe, expect, it } from "vitest";
import { createApiClient } from "./client";
import { JobFollower, type JobState } from "./job-follower";

const job = (id: string, status: JobState["status"], done = 0): JobState => ({
  id,
  kind: "ingest",
  status,
  progress: { stage: "embed", done, total: 10 },
  result: status === "done" ? { ok: true } : null,
  error: null,
  createdAt: "",
  updatedAt: "",
});

/** A fake server: the jobs it holds, and every URL the follower asked for. */
function fakeServer(jobs: Map<string, JobState>) {
  const requests: string[] = [];
  const fetchFn = (async (input: string | URL) => {
    const url = String(input);
    requests.push(url);
    if (url === "/api/jobs?active=1") return Response.json({ jobs: [...jobs.values()].filter((j) => j.status === "running" || j.status === "queued") });
    const found = jobs.get(decodeURIComponent(url.split("/").pop()!));
    return found ? Response.json(found) : Response.json({ error: { code: "not_found", message: "No job" } }, { status: 404 });
  }) as typeof fetch;
  return { requests, api: createApiClient({ fetch: fetchFn }) };
}

/** Ticks run when the test says so. */
function manualClock() {
  const pending: (() => void)[] = [];
  return {
    schedule: (fn: () => void) => (pending.push(fn), 0 as unknown as ReturnType<typeof setTimeout>),
    async tick() {
      const fn = pending.shift();
      fn?.();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

describe("JobFollower", () => {
  it("follows every job with one list request per tick, fetching a job only once it has ended", async () => {
    const jobs = new Map([["a", job("a", "running", 1)], ["b", job("b", "running", 2)], ["other", job("other", "running")]]);
    const server = fakeServer(jobs);
    const clock = manualClock();
    const follower = new JobFollower(server.api, clock.schedule);
    const seen: string[] = [];
    let panel: string[] = [];
    follower.watch("a", (j) => seen.push(`a:${j.status}:${j.progress?.done}`));
    follower.watch("b", (j) => seen.push(`b:${j.status}`));
    follower.onUnwatched((list) => (panel = list.map((j) => j.id)));

    await clock.tick();
    expect(server.requests).toEqual(["/api/jobs?active=1"]);
    expect(seen).toEqual(["a:running:1", "b:running"]);
    // The panel shows only the job no cell follows: no job is followed twice.
    expect(panel).toEqual(["other"]);

    jobs.set("a", job("a", "done", 10));
    await clock.tick();
    expect(server.requests.slice(1)).toEqual(["/api/jobs?active=1", "/api/jobs/a"]);
    expect(seen.slice(2)).toEqual(["a:done:10", "b:running"]);

    // Once delivered, a finished job is no longer asked about.
    await clock.tick();
    expect(server.requests.slice(3)).toEqual(["/api/jobs?active=1"]);
  });

  it("ends the watch of a job the server no longer has", async () => {
    const server = fakeServer(new Map());
    const clock = manualClock();
    const follower = new JobFollower(server.api, clock.schedule);
    const seen: JobState[] = [];
    follower.watch("gone", (j) => seen.push(j));
    await clock.tick();
    expect(seen).toMatchObject([{ id: "gone", status: "failed", error: "This job no longer exists on the server." }]);
  });
});

describe("JobFollower.until (the CLI's wait)", () => {
  it("reports each state seen and resolves with the final one", async () => {
    const jobs = new Map([["a", job("a", "running", 1)]]);
    const server = fakeServer(jobs);
    const clock = manualClock();
    const follower = new JobFollower(server.api, clock.schedule);
    const seen: number[] = [];
    const ended = follower.until("a", (j) => seen.push(j.progress?.done ?? -1));
    await clock.tick();
    jobs.set("a", { ...job("a", "failed", 4), error: "boom", errorCode: "timeout" });
    await clock.tick();
    await expect(ended).resolves.toMatchObject({ status: "failed", errorCode: "timeout" });
    expect(seen).toEqual([1, 4]);
  });
});

describe("JobFollower when the job list fails", () => {
  it("keeps the panel as it was and polls again, rather than saying no job runs", async () => {
    let calls = 0;
    const fetchFn = (async () => (++calls === 1 ? new Response("{}", { status: 500 }) : Response.json({ jobs: [job("a", "running", 1)] }))) as unknown as typeof fetch;
    const ticks: (() => void)[] = [];
    const follower = new JobFollower(createApiClient({ fetch: fetchFn }), (fn: () => void) => (ticks.push(fn), 0) as unknown as ReturnType<typeof setTimeout>);
    const seen: JobState[][] = [];
    follower.onUnwatched((jobs) => seen.push(jobs));
    while (ticks.length > 0 && calls < 2) {
      ticks.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(seen).toEqual([[expect.objectContaining({ id: "a" })]]);
  });
});
