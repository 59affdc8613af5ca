import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-auth-route-"));
const ORIGIN = "http://127.0.0.1:3000";
let routes: typeof import("./route");

beforeAll(async () => {
  vi.resetModules();
  vi.stubEnv("RAGCAMP_DATA_DIR", dataDir);
  vi.stubEnv("RAGCAMP_AUTH", "cohort");
  routes = await import("./route");
});
afterAll(() => {
  vi.unstubAllEnvs();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const ctx = (...all: string[]) => ({ params: Promise.resolve({ all }) });
const post = (path: string, body: unknown, origin = ORIGIN) =>
  routes.POST(new Request(`${ORIGIN}/api/auth/${path}`, { method: "POST", headers: { host: "127.0.0.1:3000", origin, "content-type": "application/json" }, body: JSON.stringify(body) }), ctx(path));

describe("Better Auth's routes, as the lab serves them", () => {
  it("answer errors in the lab's error shape, saying what to do", async () => {
    const wrong = await post("join-link", { token: "not-a-token" });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: { code: "invalid_link", message: expect.stringContaining("Ask your instructor for a new link") } });
    const missing = await routes.GET(new Request(`${ORIGIN}/api/auth/no-such-route`, { headers: { host: "127.0.0.1:3000" } }), ctx("no-such-route"));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("refuse a join from another site before Better Auth sees it", async () => {
    const res = await post("join-link", { token: "not-a-token" }, "https://evil.example");
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
  });

  it("answer the 11th wrong join attempt in a minute with 429 and Retry-After", async () => {
    // The first test made one already.
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await post("join-link", { token: `wrong-${i}` })).status);
    expect(statuses).toEqual([...Array(9).fill(401), 429]);
    const limited = await post("join-link", { token: "wrong-again" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe("too_many_requests");
  });
});
