import { describe, expect, it, vi } from "vitest";

vi.hoisted(async () => {
  const [{ mkdtempSync }, { tmpdir }, { join }] = await Promise.all([import("node:fs"), import("node:os"), import("node:path")]);
  Object.assign(process.env, { RAGCAMP_DATA_DIR: mkdtempSync(join(tmpdir(), "ragcamp-trace-route-")), RAGCAMP_AUTH: "local" });
});

const { DELETE, GET } = await import("./route");

const get = (query: string) => GET(new Request(`http://localhost:3000/api/llm/trace?notebook=01-notebook-basics&${query}`, { headers: { host: "localhost:3000" } }), { params: Promise.resolve({}) });

describe("GET /api/llm/trace limit", () => {
  it.each(["99999999999999999999", "1e309", "10^20", "1e3", "0", "-1", "2001", "abc", ""])("refuses limit=%s with a 400 naming the field", async (limit) => {
    const res = await get(`limit=${encodeURIComponent(limit)}`);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/`limit` must be a whole number from 1 to 2000/);
  });

  it("answers a limit in range", async () => {
    const res = await get("limit=2000");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ entries: [], total: 0 });
  });
});

describe("DELETE /api/llm/trace", () => {
  const del = (query: string) =>
    DELETE(new Request(`http://localhost:3000/api/llm/trace?${query}`, { method: "DELETE", headers: { host: "localhost:3000", origin: "http://localhost:3000", "content-type": "application/json" } }), { params: Promise.resolve({}) });

  it("clears the notebook named in the query string, and refuses a name that is not a lesson slug", async () => {
    const res = await del("notebook=01-notebook-basics");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ cleared: true });
    const bad = await del("notebook=..%2Fx");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/`notebook` must be a lesson slug/);
  });
});
