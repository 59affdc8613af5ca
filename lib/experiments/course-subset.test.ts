import { describe, expect, it, vi } from "vitest";
import { listDatasets, loadDataset } from "@/lib/captions/datasets";
import { parseEnv } from "@/lib/config/env";
import { resolveQuestionSet } from "@/lib/eval/questions";
import { ingestWithChunks } from "@/lib/ingest/pipeline";
import { tempIngestDeps } from "@/lib/testing/temp-ingest-deps";
import { evaluateCollection } from "./eval-collection";
import { runGrid } from "./runner";

// The lesson suite's setting: env() reads it on first use, after this file's imports.
vi.stubEnv("RAGCAMP_COURSE_SUBSET", "3");
const FIRST_THREE = ["hQVTIJBZook", "tShDYA3NFVs", "AusOPz8Ww80"];


const { ingestDeps } = tempIngestDeps("subset");

async function questionsAbout(videoIds: string[]): Promise<string[]> {
  const { set } = await resolveQuestionSet(undefined);
  return set.questions.filter((q) => q.evidence.some((e) => videoIds.includes(e.video_id))).map((q) => q.id);
}

const ctx = { signal: new AbortController().signal, progress: () => {} };

describe("RAGCAMP_COURSE_SUBSET", () => {
  it("is a number of talks or a list of YouTube ids, and anything else is refused by name", () => {
    expect(parseEnv({ RAGCAMP_COURSE_SUBSET: "3" }).RAGCAMP_COURSE_SUBSET).toEqual({ first: 3 });
    expect(parseEnv({ RAGCAMP_COURSE_SUBSET: "hQVTIJBZook, tShDYA3NFVs" }).RAGCAMP_COURSE_SUBSET).toEqual({ videoIds: ["hQVTIJBZook", "tShDYA3NFVs"] });
    expect(parseEnv({ RAGCAMP_COURSE_SUBSET: "" }).RAGCAMP_COURSE_SUBSET).toBeUndefined();
    expect(() => parseEnv({ RAGCAMP_COURSE_SUBSET: "0" })).toThrow(/RAGCAMP_COURSE_SUBSET: expected a number of talks .*"0"/);
    expect(() => parseEnv({ RAGCAMP_COURSE_SUBSET: "hQVTIJBZook,nope" })).toThrow(/not a video id: "nope"/);
  });

  it("limits google-talks to the first talks of its index, in the listing too, and leaves the podcasts whole", async () => {
    expect((await loadDataset("google-talks")).map((d) => d.videoId)).toEqual(FIRST_THREE);
    expect((await loadDataset("google-talks", { subset: false })).length).toBe(13);
    expect((await listDatasets()).map((d) => [d.name, d.documents])).toEqual([
      ["google-talks", 3],
      ["practical-ai", 12],
    ]);
  });

  it("keeps named talks in index order and refuses a talk the dataset lacks", async () => {
    const docs = await loadDataset("google-talks", { subset: { videoIds: ["bDgD9whDfEY", "hQVTIJBZook"] } });
    expect(docs.map((d) => d.videoId)).toEqual(["hQVTIJBZook", "bDgD9whDfEY"]);
    await expect(loadDataset("google-talks", { subset: { videoIds: ["aaaaaaaaaaa"] } })).rejects.toThrow("RAGCAMP_COURSE_SUBSET names talks that captions-google-talks does not have: aaaaaaaaaaa");
  });

  it("runs a grid on the subset's talks and scores only the questions about them", async () => {
    const run = await runGrid({ chunking: [{ kind: "token", size: 384 }], topK: [5], modes: ["bm25"] }, (await ingestDeps()).deps, ctx, "run-subset");
    const expected = await questionsAbout(FIRST_THREE);
    expect(run.questionSet.questions).toBe(expected.length);
    expect(run.points[0].perQuestion.map((q) => q.id).sort()).toEqual([...expected].sort());
  });

  it("evaluates a collection of the subset on the questions about its talks", async () => {
    const { deps: d } = await ingestDeps();
    const { result } = await ingestWithChunks({ source: { kind: "dataset", name: "google-talks" }, chunker: { kind: "token", size: 384, overlap: 0 } }, d, ctx);
    const scored = await evaluateCollection(result.collection, undefined, 5, "bm25", d);
    expect(scored.perQuestion.map((q) => q.id).sort()).toEqual((await questionsAbout(FIRST_THREE)).sort());
  });
});
