import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it, vi } from "vitest";

/** The CLI and the routes in a cohort, on one data dir's app database, as `ragcamp quota` and a running server share it. */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-quota-cli-"));
vi.stubEnv("RAGCAMP_DATA_DIR", dataDir);
vi.stubEnv("RAGCAMP_AUTH", "cohort");
vi.stubEnv("RAGCAMP_PUBLIC_URL", "");
vi.stubEnv("RAGCAMP_LEARNER_TOKEN_BUDGET", "200000");

const { appDb, closeAppDb } = await import("@/lib/db");
const { learnerSessionCookie } = await import("@/lib/testing/learner-session");
const { main } = await import("@/lib/cli/main");
const { route } = await import("@/lib/server/route");
const { GET: getQuota } = await import("@/app/api/quota/route");
const { learnerBudgetScope } = await import("./scope");
const { adminToken, ADMIN_HEADER } = await import("@/lib/server/admin");

let cookie = "";
beforeAll(async () => {
  cookie = await learnerSessionCookie(await appDb(), "Ana", HOST);
});
afterAll(async () => {
  await closeAppDb();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const HOST = "127.0.0.1:3000";
const get = (headers: Record<string, string>) => new Request(`http://${HOST}/api/quota`, { headers: { host: HOST, ...headers } });
const ctx = { params: Promise.resolve({}) };

async function cli(...args: string[]): Promise<{ code: number; out: unknown }> {
  let out = "";
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((out += String(chunk)), true));
  try {
    const code = await main([...args, "--json"]);
    return { code, out: JSON.parse(out) };
  } finally {
    write.mockRestore();
  }
}

it("charges a learner's requests to their own budget, and the instructor's to none", async () => {
  const scoped = route(async () => ({ scope: learnerBudgetScope() ?? null }));
  expect(await (await scoped(get({ cookie }), ctx)).json()).toEqual({ scope: { learner: "ana" } });
  expect(await (await scoped(get({ [ADMIN_HEADER]: adminToken(dataDir) }), ctx)).json()).toEqual({ scope: null });
});

it("raises one learner's budget from the CLI, and the learner's GET /api/quota shows it", async () => {
  const db = await appDb();
  await db.quotas.reserve("ana", { id: "r1", tokens: 500, defaultBudget: 200_000, perMinute: null });
  await db.quotas.settle("ana", "r1", 120);
  expect(await (await getQuota(get({ cookie }), ctx)).json()).toEqual({ used: 120, reserved: 0, budget: 200_000 });

  expect(await cli("quota", "set", "ana", "250000")).toMatchObject({ code: 0, out: { ok: true, learner: "ana", budget: 250_000, used: 120 } });
  expect(await (await getQuota(get({ cookie }), ctx)).json()).toEqual({ used: 120, reserved: 0, budget: 250_000 });
  expect(await cli("quota", "show")).toMatchObject({ code: 0, out: { defaultBudget: 200_000, perMinute: null, learners: [{ learner: "ana", used: 120, budget: 250_000 }] } });
  expect(await cli("quota", "set", "ana", "default")).toMatchObject({ out: { budget: 200_000 } });
  // The instructor has no quota.
  expect(await (await getQuota(get({ [ADMIN_HEADER]: adminToken(dataDir) }), ctx)).json()).toEqual({ used: 0, reserved: 0, budget: null });
});

it("refuses an unknown learner or a budget that is not a whole number, changing nothing", async () => {
  expect(await cli("quota", "set", "nobody", "10")).toMatchObject({ code: 1, out: { error: { code: "not_found" } } });
  for (const bad of ["0", "1.5", "lots"]) expect(await cli("quota", "set", "ana", bad)).toMatchObject({ code: 1, out: { error: { code: "bad_input" } } });
  expect(await cli("quota", "show", "ana")).toMatchObject({ out: { learners: [{ learner: "ana", budget: 200_000 }] } });
});
