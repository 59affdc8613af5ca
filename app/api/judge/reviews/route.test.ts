import { describe, expect, it, vi } from "vitest";

vi.hoisted(async () => {
  const [{ mkdtempSync }, { tmpdir }, { join }] = await Promise.all([import("node:fs"), import("node:os"), import("node:path")]);
  Object.assign(process.env, { RAGCAMP_DATA_DIR: mkdtempSync(join(tmpdir(), "ragcamp-reviews-route-")), RAGCAMP_AUTH: "local" });
});

const { GET, POST, DELETE } = await import("./route");

const HOST = "localhost:3000";
const ctx = { params: Promise.resolve({}) };
const send = (handler: typeof POST, method: string, body?: unknown, query = "") =>
  handler(new Request(`http://${HOST}/api/judge/reviews${query}`, { method, headers: { host: HOST, origin: `http://${HOST}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }), ctx);

describe("/api/judge/reviews", () => {
  it("saves a verdict, lists it with the agreement, and removes it by ?key=", async () => {
    const saved = await send(POST, "POST", { key: "run|q1|0", claim: "A claim.", judgeLabel: "supported", learnerLabel: "unsupported" });
    expect(saved.status).toBe(200);
    expect((await saved.json()).review).toMatchObject({ key: "run|q1|0", learnerLabel: "unsupported" });

    const listed = await (await GET(new Request(`http://${HOST}/api/judge/reviews`, { headers: { host: HOST } }), ctx)).json();
    expect(listed.reviews.map((r: { key: string }) => r.key)).toEqual(["run|q1|0"]);
    expect(listed.agreement).toMatchObject({ n: 1 });

    const removed = await send(DELETE, "DELETE", undefined, `?key=${encodeURIComponent("run|q1|0")}`);
    expect(removed.status).toBe(200);
    expect(await removed.json()).toEqual({ agreement: { kappa: null, reason: "There are no labelled pairs to compare.", n: 0 } });
  });

  it.each(["", "?key=", `?key=${"k".repeat(301)}`])("refuses to remove a review without a key of 1 to 300 characters: %s", async (query) => {
    const res = await send(DELETE, "DELETE", undefined, query);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "bad_input", message: expect.stringContaining("Give the review to remove as ?key=") });
  });

  it("refuses a label other than supported or unsupported", async () => {
    const res = await send(POST, "POST", { key: "x|y|0", claim: "c", judgeLabel: "supported", learnerLabel: "maybe" });
    expect(res.status).toBe(400);
  });
});
