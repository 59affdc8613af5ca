/**
 * A job kind for tests only (served when RAGCAMP_TEST_HOOKS=1, which cohort
 * mode refuses): it reports nothing but a counter, one step every `everyMs`,
 * so a test can make a job as long, as chatty or as stalled as it needs.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { z } from "zod";
import { slowJobSpec } from "./contract";
import { jobKind } from "./kinds";
import { checkCancelled, type JobContext } from "./manager";

export type SlowJobSpec = z.output<typeof slowJobSpec>;

export async function slowJob(spec: SlowJobSpec, ctx: JobContext): Promise<{ steps: number }> {
  for (let done = 0; done < spec.steps; done++) {
    if (done === spec.stallAt) {
      for (const until = Date.now() + spec.stallMs; Date.now() < until; ) {
        checkCancelled(ctx.signal);
        ctx.progress({ stage: "count", done, total: spec.steps });
        await sleep(spec.everyMs);
      }
    }
    checkCancelled(ctx.signal);
    ctx.progress({ stage: "count", done, total: spec.steps });
    await sleep(spec.everyMs);
  }
  ctx.progress({ stage: "count", done: spec.steps, total: spec.steps, message: `Counted to ${spec.steps}` });
  return { steps: spec.steps };
}

export const slowJobKind = jobKind("test-slow", slowJobSpec, slowJob);
