/** A stored grid run with every field the current shape has, for tests that store a run and read it back. */
import { DEFAULT_QUESTION_SET_ID } from "@/lib/eval/questions";
import { gridSpecSchema, type GridSpecInput } from "@/lib/experiments/contract";
import type { ExperimentRecord } from "@/lib/experiments/runner";

export function fakeExperimentRecord(fields: Partial<Omit<ExperimentRecord, "spec">> & { spec?: GridSpecInput } = {}): ExperimentRecord {
  const { spec, ...rest } = fields;
  return {
    id: "exp",
    createdAt: "2026-12-01T00:00:00.000Z",
    spec: gridSpecSchema.parse(spec ?? { chunking: [{ kind: "token", size: 128 }], topK: [3] }),
    specHash: "spec-hash",
    corpus: { dataset: "google-talks", versions: {} },
    questionSet: { id: DEFAULT_QUESTION_SET_ID, hash: "set-hash", questions: 3 },
    modelId: "use-lite",
    codeVersion: "test",
    elapsedMs: 1,
    points: [],
    ranked: {},
    ...rest,
  };
}
