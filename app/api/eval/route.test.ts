import { describe, expect, it, vi } from "vitest";

vi.hoisted(async () => {
  const [{ mkdtempSync }, { tmpdir }, { join }] = await Promise.all([import("node:fs"), import("node:os"), import("node:path")]);
  Object.assign(process.env, { RAGCAMP_DATA_DIR: mkdtempSync(join(tmpdir(), "ragcamp-eval-route-")), RAGCAMP_AUTH: "local" });
});

const { POST } = await import("./route");

const HOST = "localhost:3000";
const post = (body: unknown, headers: Record<string, string> = { origin: `http://${HOST}` }) =>
  POST(new Request(`http://${HOST}/api/eval`, { method: "POST", headers: { host: HOST, "content-type": "application/json", ...headers }, body: JSON.stringify(body) }), { params: Promise.resolve({}) });

describe("POST /api/eval", () => {
  it("refuses another learner's collection as if it did not exist", async () => {
    const res = await post({ collection: "l_someone__google-talks__token-128-0", k: 3 });
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toMatch(/collection l_someone__google-talks__token-128-0 does not exist/);
  });

  it.each([{ k: 0 }, { k: 101 }, { k: 1.5 }, { mode: "kvg" }, { questions: "../etc/passwd" }])("refuses %o before any work", async (field) => {
    const res = await post({ collection: "l_local__google-talks__token-128-0", ...field });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("bad_input");
  });

  it("refuses a request from another site", async () => {
    const res = await post({ collection: "l_local__google-talks__token-128-0" }, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
  });
});
