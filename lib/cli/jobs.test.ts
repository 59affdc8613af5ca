import { describe, expect, it } from "vitest";
import type { JobRecord } from "@/lib/db/app-db";
import { followServerJob } from "./jobs";
import { createIo } from "./output";

const job = (change: Partial<JobRecord>): JobRecord => ({
  id: "j1", learner: "local", kind: "judge", spec: {}, status: "running", progress: null, result: null, error: null, errorCode: null,
  createdAt: "t", updatedAt: "t", ...change,
});

describe("followServerJob", () => {
  it("throws a failed job's own class, as the CLI reports it without a server", async () => {
    const remote = async () => job({ status: "failed", error: "The model did not answer within 30 s", errorCode: "timeout" });
    await expect(followServerJob(remote, job({ status: "failed", error: "x", errorCode: "timeout" }), createIo(true))).rejects.toMatchObject({ code: "timeout" });
    await expect(followServerJob(remote, job({}), { ...createIo(true), log: () => undefined })).rejects.toMatchObject({
      code: "timeout",
      message: "The model did not answer within 30 s",
    });
  });

  it("reports a bug as a plain error, not as the learner's bad input", async () => {
    const failed = job({ status: "failed", error: "The server failed", errorCode: "internal" });
    const error = await followServerJob(async () => failed, failed, createIo(true)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as { code?: string }).code).toBeUndefined();
  });
});
