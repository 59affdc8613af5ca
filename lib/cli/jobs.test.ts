import { describe, expect, it } from "vitest";
import { createApiClient } from "@/lib/api/client";
import type { JobRecord } from "@/lib/jobs/contract";
import { followServerJob } from "./jobs";
import { createIo } from "./output";

const job = (change: Partial<JobRecord>): JobRecord => ({
  id: "j1", learner: "local", kind: "judge", spec: {}, status: "running", progress: null, result: null, error: null, errorCode: null,
  createdAt: "t", updatedAt: "t", ...change,
});

/** A server whose job list is empty and whose one job is `final`, as the follower sees once a job has ended. */
const serverWith = (final: JobRecord) =>
  createApiClient({ origin: "http://lab.test", fetch: (async (url: URL) => Response.json(url.pathname === "/api/jobs" ? { jobs: [] } : final)) as typeof fetch });

describe("followServerJob", () => {
  it("throws a failed job's own class, as the CLI reports it without a server", async () => {
    const api = serverWith(job({ status: "failed", error: "The model did not answer within 30 s", errorCode: "timeout" }));
    await expect(followServerJob(api, job({}), { ...createIo(true), log: () => undefined })).rejects.toMatchObject({
      code: "timeout",
      message: "The model did not answer within 30 s",
    });
  });

  it("reports a bug as a plain error, not as the learner's bad input", async () => {
    const api = serverWith(job({ status: "failed", error: "The server failed", errorCode: "internal" }));
    const error = await followServerJob(api, job({}), createIo(true)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as { code?: string }).code).toBeUndefined();
  });

  it("returns a finished job's result", async () => {
    await expect(followServerJob(serverWith(job({ status: "done", result: { n: 3 } })), job({}), createIo(true))).resolves.toEqual({ n: 3 });
  });
});
