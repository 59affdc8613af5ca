import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AppDb, LlmTraceEntry } from "@/lib/db/app-db";
import { slowAppDb } from "@/lib/testing/slow-app-db";
import { tempAppDb } from "@/lib/testing/temp-app-db";
import { emptyTrace, readTrace, traceSink } from "./trace-log";

/** Appends of entries whose output is in `slow` take 50 ms to reach the database. */
let db: Promise<AppDb>;
vi.mock("@/lib/db", async (original) => ({ ...(await original<typeof import("@/lib/db")>()), appDb: () => db }));
const slow = new Set<string>();
beforeEach(() => {
  slow.clear();
  db = tempAppDb("trace").then((d) =>
    slowAppDb(d, { before: (store, method, args) => (store === "traces" && method === "add" && slow.has((args[2] as LlmTraceEntry).output) ? 50 : 0) }),
  );
});

const entry = (output: string): LlmTraceEntry => ({ at: "t", source: "chat", model: "m", prompt: "p", output, inputTokens: 1, outputTokens: 1, latencyMs: 1, cacheHit: false });

describe("the LLM trace log", () => {
  it("keeps a notebook's calls in the order they were made, and a read waits for those made before it", async () => {
    slow.add("first");
    const sink = traceSink("ana", "judges");
    void sink(entry("first"));
    void sink(entry("second"));
    const { entries, total } = await readTrace("ana", "judges");
    expect(entries.map((e) => e.output)).toEqual(["first", "second"]);
    expect(total).toBe(2);
  });

  it("clears the calls made before the clear, however slowly they are written", async () => {
    slow.add("before");
    const sink = traceSink("ana", "judges");
    await Promise.all([sink(entry("before")), emptyTrace("ana", "judges"), sink(entry("after"))]);
    expect((await readTrace("ana", "judges")).entries.map((e) => e.output)).toEqual(["after"]);
  });

  it("keeps each learner's and notebook's trace apart", async () => {
    void traceSink("ana", "judges")(entry("ana's"));
    void traceSink("ben", "judges")(entry("ben's"));
    void traceSink("ana", "intro")(entry("other notebook"));
    expect((await readTrace("ben", "judges")).entries.map((e) => e.output)).toEqual(["ben's"]);
    expect((await readTrace("ana", "judges", 1)).entries.map((e) => e.output)).toEqual(["ana's"]);
  });
});
