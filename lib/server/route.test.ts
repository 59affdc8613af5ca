import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-route-"));
const HOST = "127.0.0.1:3000";

type RouteModule = typeof import("./route");
type Mode = "local" | "cohort";

/** route() as a server in `mode` builds it: the env module reads its configuration once, so each mode loads its own copy. */
async function load(mode: Mode, extra: Record<string, string> = {}) {
  vi.resetModules();
  vi.stubEnv("RAGCAMP_DATA_DIR", dataDir);
  vi.stubEnv("RAGCAMP_AUTH", mode);
  vi.stubEnv("RAGCAMP_PUBLIC_URL", extra.RAGCAMP_PUBLIC_URL ?? "");
  const { route, jsonBody } = (await import("./route")) as RouteModule;
  const { currentLearner } = await import("./learner");
  const { adminToken } = await import("./admin");
  // The same module instance route() checks errors against.
  const { LabError } = await import("@/lib/errors");
  return { route, jsonBody, currentLearner, LabError, token: adminToken(dataDir) };
}

function request(method: string, headers: Record<string, string> = {}, body?: string) {
  return new Request(`http://${HOST}/api/x`, { method, headers: { host: HOST, ...headers }, body });
}
const ctx = { params: Promise.resolve({}) };
const json = { "content-type": "application/json" };
const sameOrigin = { origin: `http://${HOST}`, ...json };

async function answer(res: Response) {
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } & Record<string, unknown> };
}

let learnerCookie = "";
beforeAll(async () => {
  await load("cohort");
  const { appDb } = await import("@/lib/db");
  const { learnerSessionCookie } = await import("@/lib/testing/learner-session");
  learnerCookie = await learnerSessionCookie(await appDb(), "Ana", HOST);
});
afterAll(() => {
  vi.unstubAllEnvs();
});

describe("route() access levels in a cohort", () => {
  it("answers a stranger 401 before reading the body, whatever the body", async () => {
    const { route, jsonBody } = await load("cohort");
    let bodyRead = false;
    const handler = route(async (req) => {
      bodyRead = true;
      return jsonBody(req, z.object({ a: z.number() }), 100);
    });
    for (const body of ["not json", "{\"a\": 1}", "x".repeat(10_000)]) {
      const res = await answer(await handler(request("POST", sameOrigin, body), ctx));
      expect(res.status).toBe(401);
      expect(res.body.error?.code).toBe("unauthorized");
    }
    expect(bodyRead).toBe(false);
  });

  it("refuses a forged session cookie", async () => {
    const { route } = await load("cohort");
    const res = await route(async () => ({ ok: true }))(request("GET", { cookie: "ragcamp.session_token=forged.signature" }), ctx);
    expect(res.status).toBe(401);
  });

  it("acts for the learner the cookie names, and refuses them instructor routes", async () => {
    const { route, currentLearner } = await load("cohort");
    const whoami = route(async () => ({ learner: await currentLearner() }));
    expect(await answer(await whoami(request("GET", { cookie: learnerCookie }), ctx))).toEqual({ status: 200, body: { learner: "ana" } });
    const instructorOnly = route(async () => ({ ok: true }), { access: "instructor" });
    expect((await instructorOnly(request("GET", { cookie: learnerCookie }), ctx)).status).toBe(403);
  });

  it("gives the instructor's token the instructor level, in the instructor's own space", async () => {
    const { route, currentLearner, token } = await load("cohort");
    const handler = route(async () => ({ learner: await currentLearner() }), { access: "instructor" });
    // The CLI sends neither Origin nor Sec-Fetch-Site: the token stands for both.
    const res = await answer(await handler(request("POST", { "x-ragcamp-admin": token, ...json }, "{}"), ctx));
    expect(res).toEqual({ status: 200, body: { learner: "local" } });
    expect((await handler(request("POST", { "x-ragcamp-admin": "0".repeat(token.length), ...json }, "{}"), ctx)).status).toBe(401);
  });

  it("serves public routes without a session", async () => {
    const { route } = await load("cohort");
    const res = await route(async () => ({ ok: true }), { access: "public", path: "/api/health" })(request("GET"), ctx);
    expect(res.status).toBe(200);
  });
});

describe("route() against cross-site requests", () => {
  it("answers a foreign Host 421 (DNS rebinding), and the configured public host normally", async () => {
    const { route } = await load("local", { RAGCAMP_PUBLIC_URL: "https://lab.example.org" });
    const handler = route(async () => ({ ok: true }), { access: "public", path: "/api/health" });
    const at = (host: string, h = handler) => h(new Request(`http://${host}/api/x`, { headers: { host } }), ctx);
    expect((await at("evil.example.com")).status).toBe(421);
    expect((await at("lab.example.org")).status).toBe(200);
    expect((await at("localhost:3000")).status).toBe(200);
    expect((await at("[::1]:3000")).status).toBe(200);
    // Local mode trusts whoever reaches the lab, so only the machine itself: at the public address before a cohort exists, no one is signed in.
    const learnerOnly = route(async () => ({ ok: true }));
    expect((await at("lab.example.org", learnerOnly)).status).toBe(401);
    expect((await at("localhost:3000", learnerOnly)).status).toBe(200);
  });

  it("refuses state changes from other origins, without an origin, or not as JSON", async () => {
    const { route } = await load("local");
    let changed = 0;
    const handler = route(async () => ({ changed: ++changed }));
    const cases: [Record<string, string>, number][] = [
      [{ origin: "http://127.0.0.1:4000", ...json }, 403], // another port of the same host: same site, other origin
      [{ origin: "http://localhost:3000", ...json }, 403], // another site
      [{ origin: "null", ...json }, 403],
      [json, 403], // neither Origin nor Sec-Fetch-Site
      [{ "sec-fetch-site": "same-site", ...json }, 403],
      [{ origin: `http://${HOST}`, "content-type": "text/plain" }, 415],
      [{ origin: `http://${HOST}`, "content-type": "application/x-www-form-urlencoded" }, 415],
      [{ origin: `http://${HOST}` }, 415],
    ];
    for (const [headers, status] of cases) {
      const res = await handler(request("POST", headers, "{}"), ctx);
      expect(res.status, JSON.stringify(headers)).toBe(status);
    }
    expect(changed).toBe(0);
    expect((await handler(request("POST", sameOrigin, "{}"), ctx)).status).toBe(200);
    expect((await handler(request("DELETE", { "sec-fetch-site": "same-origin", ...json }), ctx)).status).toBe(200);
    expect(changed).toBe(2);
  });

  it("accepts the configured public origin", async () => {
    const { route } = await load("local", { RAGCAMP_PUBLIC_URL: "https://lab.example.org" });
    const handler = route(async () => ({ ok: true }), { access: "public", path: "/api/health" });
    const req = new Request("http://lab.example.org/api/x", { method: "POST", headers: { host: "lab.example.org", origin: "https://lab.example.org", ...json }, body: "{}" });
    expect((await handler(req, ctx)).status).toBe(200);
  });
});

describe("route() error mapping and body cap", () => {
  it("maps lab errors to their status, zod errors to 400 and anything else to a 500 without internals", async () => {
    const { route, LabError } = await load("local");
    const fail = (e: unknown) => route(async () => Promise.reject(e))(request("GET"), ctx);
    const limited = await fail(new LabError("too_many_requests", "slow down", undefined, 7.2));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("8");
    expect((await fail(new LabError("not_found", "no such thing"))).status).toBe(404);
    const zodError = (() => {
      try {
        z.object({ a: z.number() }).parse({});
      } catch (e) {
        return e;
      }
    })();
    expect((await answer(await fail(zodError))).body.error?.code).toBe("bad_input");
    const errorLog = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const crash = await answer(await fail(new Error(`ENOENT ${dataDir}/secret`)));
    errorLog.mockRestore();
    expect(crash.status).toBe(500);
    expect(JSON.stringify(crash.body)).not.toContain(dataDir);
  });

  it("refuses a body over the cap with 413, by its declared length or its real one", async () => {
    const { route, jsonBody } = await load("local");
    const handler = route(async (req) => jsonBody(req, z.unknown(), 100));
    expect((await handler(request("POST", { ...sameOrigin, "content-length": "1000000" }, "{}"), ctx)).status).toBe(413);
    expect((await handler(request("POST", sameOrigin, JSON.stringify("x".repeat(200))), ctx)).status).toBe(413);
    expect((await handler(request("POST", sameOrigin, "{not json"), ctx)).status).toBe(400);
    // Streamed with no Content-Length: refused at the cap, counted in bytes (é is two).
    const stream = new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode(JSON.stringify("é".repeat(60)))), c.close()) });
    const chunked = new Request(`http://${HOST}/api/x`, { method: "POST", headers: { host: HOST, ...sameOrigin }, body: stream, duplex: "half" } as RequestInit);
    expect((await handler(chunked, ctx)).status).toBe(413);
    expect(await answer(await handler(request("POST", sameOrigin, "[1]"), ctx))).toEqual({ status: 200, body: [1] } as never);
  });
});

describe("route(endpoint, handler): input read and checked by the contract", () => {
  async function contract() {
    const api = await import("@/lib/api/endpoint");
    return {
      get: api.endpoint({ method: "GET", path: "/api/things/[id]", request: z.strictObject({ limit: z.coerce.number().int().max(10).optional() }), response: z.object({ id: z.string(), limit: z.number().nullable() }) }),
      post: api.endpoint({ method: "POST", path: "/api/things", request: z.object({ name: z.string().default("unnamed") }), response: z.object({ name: z.string() }), maxBytes: 50 }),
      del: api.endpoint({ method: "DELETE", path: "/api/things", request: z.object({ key: z.string().min(1) }), response: z.object({ removed: z.string() }) }),
    };
  }

  it("hands a DELETE its query string, whatever its body says", async () => {
    const { route } = await load("local");
    const { del } = await contract();
    const handler = route(del, async ({ key }) => ({ removed: key }));
    const at = (q: string) => new Request(`http://${HOST}/api/things${q}`, { method: "DELETE", headers: { ...sameOrigin, host: HOST }, body: JSON.stringify({ key: "from-body" }) });
    expect(await answer(await handler(at("?key=k1"), ctx))).toEqual({ status: 200, body: { removed: "k1" } } as never);
    expect((await handler(at(""), ctx)).status).toBe(400);
  });

  it("hands a GET its query string and path parameters, and refuses a query the contract does not allow with 400", async () => {
    const { route } = await load("local");
    const { get } = await contract();
    const handler = route(get, async ({ limit }, { params }) => ({ id: params.id, limit: limit ?? null }));
    const at = (q: string) => new Request(`http://${HOST}/api/things/t1${q}`, { headers: { host: HOST } });
    const withParams = { params: Promise.resolve({ id: "t1" }) };
    expect(await answer(await handler(at("?limit=3"), withParams))).toEqual({ status: 200, body: { id: "t1", limit: 3 } } as never);
    expect(await answer(await handler(at(""), withParams))).toEqual({ status: 200, body: { id: "t1", limit: null } } as never);
    for (const q of ["?limit=99", "?limit=x", "?other=1"]) {
      const res = await answer(await handler(at(q), withParams));
      expect(res.status, q).toBe(400);
      expect(res.body.error?.code, q).toBe("bad_input");
    }
  });

  it("reads a bodiless POST as {}, applies the contract's defaults, and caps the body at the endpoint's own limit", async () => {
    const { route } = await load("local");
    const { post } = await contract();
    const handler = route(post, async (input) => input);
    expect(await answer(await handler(request("POST", sameOrigin), ctx))).toEqual({ status: 200, body: { name: "unnamed" } } as never);
    expect(await answer(await handler(request("POST", sameOrigin, JSON.stringify({ name: "a" })), ctx))).toEqual({ status: 200, body: { name: "a" } } as never);
    expect((await handler(request("POST", sameOrigin, JSON.stringify({ name: "x".repeat(60) })), ctx)).status).toBe(413);
    expect((await handler(request("POST", sameOrigin, JSON.stringify({ name: 3 })), ctx)).status).toBe(400);
  });

  it("caps the body by the server's configured limit, read per request, when the route sets one", async () => {
    const { route } = await load("local");
    const { post } = await contract();
    let cap = 200;
    const handler = route(post, async (input) => input, { maxBytes: () => cap });
    const body = JSON.stringify({ name: "x".repeat(60) });
    expect(await answer(await handler(request("POST", sameOrigin, body), ctx))).toEqual({ status: 200, body: { name: "x".repeat(60) } } as never);
    cap = 20;
    expect((await handler(request("POST", sameOrigin, body), ctx)).status).toBe(413);
  });

  it("checks the caller before the contract: a stranger gets 401 for a malformed body too", async () => {
    const { route } = await load("cohort");
    const { post } = await contract();
    const handler = route(post, async (input) => input);
    expect((await handler(request("POST", sameOrigin, "{not json"), ctx)).status).toBe(401);
  });
});

describe("an error of any code reaches the client as the server sent it", () => {
  it("keeps code, status and message from route() through the one decoder", async () => {
    const { route, LabError } = await load("local");
    const { decodeError } = await import("@/lib/api/client");
    const { labErrorStatus } = await import("@/lib/errors");
    const codes = ["bad_input", "not_found", "conflict", "forbidden", "too_large", "too_many_requests", "unavailable", "bad_gateway", "engine_restarted", "timeout", "not_configured", "rate_limited", "truncated", "unparseable", "refused", "write_refused"] as const;
    for (const code of codes) {
      const res = await route(async () => Promise.reject(new LabError(code, `it failed: ${code}`)))(request("GET"), ctx);
      const error = await decodeError(res, "GET /api/x");
      expect({ status: error.status, code: error.code, message: error.message }).toEqual({ status: labErrorStatus(code), code, message: `it failed: ${code}` });
    }
  });
});
