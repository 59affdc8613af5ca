import { describe, expect, it, vi } from "vitest";

vi.hoisted(async () => {
  const [{ mkdtempSync }, { tmpdir }, { join }] = await Promise.all([import("node:fs"), import("node:os"), import("node:path")]);
  Object.assign(process.env, { RAGCAMP_DATA_DIR: mkdtempSync(join(tmpdir(), "ragcamp-drilldown-route-")), RAGCAMP_AUTH: "local" });
});

const { appDb } = await import("@/lib/db");
const { fakeExperimentRecord } = await import("@/lib/testing/fake-experiment");
const { OWNER_SPACE } = await import("@/lib/server/access");
const { GET } = await import("./route");

const HOST = "localhost:3000";
const hit = (id: string, relevant: boolean) => ({ id, docId: "google-talks:v1", startS: 1, endS: 2, score: 0.5, relevant, citation: "c", excerpt: id });
const get = (query: string) => GET(new Request(`http://${HOST}/api/experiments/run-1/drilldown?${query}`, { headers: { host: HOST } }), { params: Promise.resolve({ id: "run-1" }) });

describe("GET /api/experiments/[id]/drilldown", () => {
  it("answers every repeated point, in the order asked, and names a point the run lacks", async () => {
    // Local mode: the one learner is the owner.
    await (await appDb()).experiments.save(OWNER_SPACE, "run-1", fakeExperimentRecord({ id: "run-1", ranked: { "token 64/0|vector": { q1: [hit("a", true)] }, "token 64/0|bm25": { q1: [hit("b", false)] } } }));
    const res = await get(new URLSearchParams([["question", "q1"], ["point", "token 64/0|bm25"], ["point", "token 64/0|vector"]]).toString());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ question: "q1", points: [{ key: "token 64/0|bm25", hits: [hit("b", false)] }, { key: "token 64/0|vector", hits: [hit("a", true)] }] });
    const missing = await get("question=q1&point=nope");
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.message).toMatch(/no point "nope"/);
  });
});
