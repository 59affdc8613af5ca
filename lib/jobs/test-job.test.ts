import { describe, expect, it } from "vitest";
import type { JobProgress } from "@/lib/db/app-db";
import { slowJobSpec } from "./contract";
import { slowJob } from "./test-job";

describe("the slow test job", () => {
  it("reports only a counter, holding it still (a heartbeat) while it stalls", async () => {
    const seen: JobProgress[] = [];
    const result = await slowJob(slowJobSpec.parse({ steps: 3, everyMs: 10, stallAt: 1, stallMs: 60 }), { signal: new AbortController().signal, progress: (p) => seen.push(p) });
    expect(result).toEqual({ steps: 3 });
    const counts = seen.map((p) => p.done);
    expect(counts[0]).toBe(0);
    expect(counts.filter((d) => d === 1).length).toBeGreaterThan(3);
    expect(seen.at(-1)).toEqual({ stage: "count", done: 3, total: 3, message: "Counted to 3" });
    expect(seen.slice(0, -1).every((p) => Object.keys(p).sort().join() === "done,stage,total")).toBe(true);
  });

  it("stops when cancelled", async () => {
    const controller = new AbortController();
    const run = slowJob(slowJobSpec.parse({ steps: 1000, everyMs: 10 }), { signal: controller.signal, progress: () => undefined });
    controller.abort();
    await expect(run).rejects.toThrow();
  });
});
