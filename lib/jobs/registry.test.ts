import { describe, expect, it } from "vitest";
import { jobKinds } from "./registry";

const questions = {
  version: 1,
  questions: [{ id: "a-1", question: "What?", evidence: [{ video_id: "bDgD9whDfEY", start_s: 1, end_s: 2 }], kind: "factual", source: "extra field" }],
};

/** A payload of each kind, as its starter queues it: the parsed request. */
const requests: Record<string, unknown> = {
  ingest: { request: { source: { kind: "dataset", name: "google-talks", only: ["bDgD9whDfEY"] }, chunker: { kind: "token", size: 128 } }, mayWriteShared: false },
  grid: { spec: { chunking: [{ kind: "token", size: 128 }], topK: [3], modes: ["bm25"], questions } },
  judge: { items: [{ id: "q1", question: "Q?", answer: "A.", contexts: ["C."] }], judges: ["relevancy"] },
  kvg: { collection: "talks", questions },
  "test-slow": { steps: 3, everyMs: 10 },
};

describe("job kinds", () => {
  it("has one kind per name, each with an example here", () => {
    expect(jobKinds.map((k) => k.name).sort()).toEqual(Object.keys(requests).sort());
  });

  it.each(jobKinds.map((k) => [k.name, k] as const))("%s: a payload, once queued as JSON, parses again to the same value", (name, kind) => {
    const queued = kind.payload.parse(requests[name]);
    const sent = JSON.parse(JSON.stringify(queued));
    expect(kind.payload.parse(sent)).toEqual(queued);
  });
});
