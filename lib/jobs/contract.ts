/** The jobs routes: long server-side work (ingest, grid, judging) a page, a cell or the CLI follows by id. */
import { z } from "zod";
import { endpoint, labType, noInput } from "@/lib/api/endpoint";

export const jobStatusSchema = z.enum(["queued", "running", "done", "failed", "cancelled"]);

export const jobProgressSchema = labType(
  "JobProgress",
  z.object({
    stage: z.string(),
    done: z.number(),
    total: z.number(),
    rate: z.number().optional().describe("Items per second in the current stage, when known."),
    etaS: z.number().optional(),
    message: z.string().optional(),
    partial: z.unknown().optional().describe("Results finished so far (e.g. grid points), so a page can show them before the job ends."),
  }),
);

export const jobRecordSchema = labType(
  "JobRecord",
  z
    .object({
      id: z.string(),
      learner: z.string(),
      kind: z.string(),
      spec: z.unknown(),
      status: jobStatusSchema,
      progress: jobProgressSchema.nullable(),
      result: z.unknown(),
      error: z.string().nullable(),
      errorCode: z
        .string()
        .nullable()
        .optional()
        .describe("What kind of failure `error` is: a lab error code (timeout, rate_limited, not_found...), \"internal\" for a bug, null unless failed."),
      createdAt: z.string(),
      updatedAt: z.string(),
    })
    .describe("A long piece of server-side work (ingest, grid, judging) a page can re-attach to."),
);

export type JobStatus = z.output<typeof jobStatusSchema>;
export type JobProgress = z.output<typeof jobProgressSchema>;
export type JobRecord = z.output<typeof jobRecordSchema>;

export const listJobs = endpoint({
  method: "GET",
  path: "/api/jobs",
  request: z.object({ active: z.enum(["0", "1"]).optional().describe("\"1\": only queued and running jobs.") }),
  response: z.object({ jobs: z.array(jobRecordSchema) }),
});

export const getJob = endpoint({ method: "GET", path: "/api/jobs/[id]", request: noInput, response: jobRecordSchema });

export const cancelJob = endpoint({ method: "POST", path: "/api/jobs/[id]/cancel", request: noInput, response: jobRecordSchema });

/** The test-only slow job (lib/jobs/test-job.ts): it counts to `steps`, one step every `everyMs`. */
export const slowJobSpec = z.strictObject({
  steps: z.number().int().min(1).max(10_000),
  everyMs: z.number().int().min(10).max(10_000),
  /** From this step on, the job keeps reporting the same count (a heartbeat) for `stallMs`. */
  stallAt: z.number().int().min(0).optional(),
  stallMs: z.number().int().min(0).max(600_000).default(0),
});

/** Starts the slow job; the route exists only with RAGCAMP_TEST_HOOKS=1 (a 404 otherwise). */
export const startSlowJob = endpoint({ method: "POST", path: "/api/test/slow-job", request: slowJobSpec, response: jobRecordSchema, maxBytes: 1_000 });
