import type { APIRequestContext } from "@playwright/test";
import { z } from "zod";
import { bodyVerdict, endpoints, hasBody, keyOf, paddedBody, queryNames, queryVerdict, wrongTypedBodies } from "./support/contract-inputs";
import { appRoutes, type RouteMethod } from "./support/routes";
import { expect, test } from "./support/fixtures";

/**
 * Issue 13, "no 500 on bad input": a seeded set of hostile inputs goes to
 * every method of every route, with the credentials its access level asks
 * for and from the lab's own origin, so each input reaches the handler's own
 * validation. The endpoints, their body caps and query parameters come from
 * the contracts (lib/api/contracts.ts), which also say what the server must
 * answer to each input they refuse.
 */
// Small, so that going over the body cap it sets (CONFIGURED_CAPS) is cheap.
const MAX_OUTPUT_BYTES = 16_384;
// The model answers every call, so that model routes get past it to their own handling of the input.
test.use({ serverEnv: { RAGCAMP_AUTH: "cohort", RAGCAMP_MAX_OUTPUT_BYTES: String(MAX_OUTPUT_BYTES) }, chatModel: { respond: () => ({ content: "An answer." }) } });

/**
 * A body the contract accepts, per endpoint that reads one, so that each
 * field can be swapped for a hostile value and the rest still gets past the
 * schema. A new endpoint must add one here (the test fails naming it).
 */
const SAMPLE_BODIES: Record<string, Record<string, unknown>> = {
  "POST /api/chunks": { source: { kind: "dataset", name: "google-talks", only: ["7vKH7HWfDQo"] }, chunker: { kind: "token", size: 128, overlap: 0 }, documents: 1 },
  "POST /api/corpus": { kind: "dataset", name: "google-talks", only: ["7vKH7HWfDQo"] },
  "POST /api/eval": { collection: "no-such-collection", k: 3, mode: "bm25" },
  "POST /api/experiments/[id]/rerun": {},
  "POST /api/experiments": { corpus: { dataset: "google-talks", only: ["7vKH7HWfDQo"] }, chunking: [{ kind: "token", size: 128 }], topK: [3], modes: ["bm25"] },
  "POST /api/graph/load": { dataset: "devops" },
  "POST /api/exercises/[id]/attempt": { value: 42 },
  "POST /api/exercises/[id]/solution": {},
  "POST /api/notebooks/[lesson]/own": { after: "hello", kind: "ts", code: "1 + 1" },
  "PUT /api/notebooks/[lesson]/own/[cell]": { code: "2 + 2" },
  "PATCH /api/notebooks/[lesson]/own/[cell]": { after: "hello", position: 0 },
  // Absent (404) here: it exists only with RAGCAMP_TEST_HOOKS=1, which a cohort server refuses.
  "POST /api/test/slow-job": { steps: 2, everyMs: 10 },
  "POST /api/graph/query": { cypher: "MATCH (t:Team) RETURN t.name LIMIT 2", params: { x: 1 }, rowLimit: 5, graph: "shared" },
  "POST /api/ingest": { source: { kind: "file", filename: "a.vtt", text: "WEBVTT\n\n00:00.000 --> 00:02.000\nhello\n" }, chunker: { kind: "token", size: 64, overlap: 0 } },
  "POST /api/jobs/[id]/cancel": {},
  "POST /api/judge/reviews": { key: "k1", claim: "A claim.", judgeLabel: "supported", learnerLabel: "unsupported" },
  "POST /api/judge": { judges: ["faithfulness"], experiment: { id: "no-such-id", questions: 1 } },
  "POST /api/llm/chat": { messages: [{ role: "user", content: "hi" }], source: "chat", context: ["a passage"] },
  "PUT /api/notebooks/[lesson]/cells/[cell]": { code: "1 + 1" },
  "PUT /api/notebooks/[lesson]/runs/[cell]": { status: "done", outputs: [{ kind: "text", text: "2" }], elapsedMs: 3 },
  "POST /api/qa/agent": { question: "Which team owns the most services?" },
  "POST /api/qa/cypher": { question: "Which teams are there?", cypher: "MATCH (t:Team) RETURN t.name LIMIT 2" },
  "POST /api/qa/retrieve": { question: "What is RAG?", k: 2 },
  "POST /api/qa/vector": { question: "What is RAG?", k: 2 },
  "POST /api/search": { collection: "no-such-collection", query: "hello", k: 3, mode: "hybrid", fusion: { vectorWeight: 0.5, k: 60 } },
  "POST /api/similarity/kvg": { collection: "no-such-collection", budget: 5, seeds: 2, hops: [0, 1] },
  "POST /api/similarity/mine": { collection: "no-such-collection", tauHigh: 0.9, tauLow: 0.1, limit: 5, neighbours: 3 },
  "POST /api/similarity/triangle": { a: "cat", b: "dog", c: "car" },
  // Better Auth's routes; the matrix's URL names none of them, so Better Auth answers 404 in the lab's error shape.
  "POST /api/auth/[...all]": { token: "not-a-token" },
  "POST /api/learners/[id]/revoke": {},
  "POST /api/cohort/invite": { names: ["Sample Learner"], reusable: false, expiresInDays: 7 },
  "POST /api/cohort/learners/[id]/reset": {},
  "POST /api/cohort/learners/[id]/budget": { tokens: 1000 },
};

/** Body caps that the server's configuration sets (`route(endpoint, handler, { maxBytes })`) in place of the endpoint's, as this test configures the server. */
const CONFIGURED_CAPS: Record<string, number> = { "PUT /api/notebooks/[lesson]/runs/[cell]": MAX_OUTPUT_BYTES * 4 };

/** Values the contracts accept for the query parameters they declare, so that one hostile parameter at a time reaches its own check. */
const PLAUSIBLE_PARAMS: Record<string, string> = { notebook: "notebook-basics", lesson: "notebook-basics", dataset: "devops", limit: "5", active: "1", format: "csv", question: "q1", point: "p", key: "k" };
/** Sent to every route besides the parameters its contract declares; a route that does not declare them ignores them. */
const EXTRA_PARAMS = ["limit", "k"];
const HOSTILE_PARAMS = [
  ...["1e309", "10^20", "99999999999999999999", "-1", "0", "1.5", "NaN", "Infinity", "abc", "", "%00", "a\u0000b", "..%2F..%2Fetc%2Fpasswd", "../../etc/passwd"],
  ...["' OR '1'='1' --", "1; DROP TABLE learners; --", "x') MATCH (n) DETACH DELETE n //", "x'}) RETURN 1 UNION MATCH (n) RETURN n.token //"],
  ...["x".repeat(4_000), "x".repeat(12_000)],
];

/** Deterministic pseudo-random strings (mulberry32): control characters, lone surrogates, line separators. */
function seededStrings(seed: number, count: number): string[] {
  let s = seed;
  const next = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const alphabet = ["\u0000", "\u0007", "\u001b", "\u2028", "\u2029", "\ud800", "\udfff", "\ufeff", "'", '"', "\\", "/*", "*/", "//", "%", "{", "}", "é", "𝄞", " "];
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(next() * 40) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(""));
}

const DEPTH = 2_000;
const deepObject = `${'{"a":'.repeat(DEPTH)}1${"}".repeat(DEPTH)}`;
const deepArray = `${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}`;
/** Raw JSON texts for a whole body. */
const HOSTILE_BODIES = ["", "not json", "{", "null", "[]", "1e309", '"a string"', "true", deepObject, deepArray, '{"__proto__": {"polluted": 1}}', '{"constructor": {"prototype": {"polluted": 1}}}'];

/** JSON text of `sample` with `field` set to a raw JSON value (so 1e309 and 20-digit integers are sent as written). */
function withField(sample: Record<string, unknown>, field: string, rawValue: string): string {
  const marker = "\u0001HOSTILE\u0001";
  return JSON.stringify({ ...sample, [field]: marker }).replace(JSON.stringify(marker), rawValue);
}

function bodyVariants(sample: Record<string, unknown>, cap: number): string[] {
  const huge = JSON.stringify("h".repeat(Math.max(1, Math.min(cap - 2_000, 1_000_000))));
  const values = ["1e309", "-1e309", "99999999999999999999", "-1", "1.5", '"5"', '"not a number"', "5", "null", "true", "{}", "[]", deepObject, deepArray, huge, ...seededStrings(13, 6).map((s) => JSON.stringify(s))];
  const fields = Object.keys(sample).length ? Object.keys(sample) : ["unexpected"];
  return [...fields.flatMap((f) => values.map((v) => withField(sample, f, v))), JSON.stringify({ ...sample, unknownField: 1 })];
}

/** What an answer must be where the contract or `route()` decides it: a status with its error code (and zod's message when the contract's schema refused the input), or just not a given status. */
type Expected = { status: number; code: string; message?: string; names?: string } | { notStatus: number };

interface Answer {
  request: string;
  url: string;
  status: number;
  text: string;
  ms: number;
  expected?: Expected;
}

/** A request this slow held the server (one event loop for every learner) far longer than any bad input should. */
const SLOW_MS = 10_000;

const errorShape = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

function errorOf(text: string): z.output<typeof errorShape>["error"] | undefined {
  try {
    return errorShape.parse(JSON.parse(text)).error;
  } catch {
    return undefined;
  }
}

/** How an answer differs from what was expected of it, if it does. */
function mismatch(a: Answer): string | undefined {
  const want = a.expected;
  if (!want) return undefined;
  if ("notStatus" in want) return a.status === want.notStatus ? `answered ${want.notStatus}` : undefined;
  const error = errorOf(a.text);
  if (!error || a.status !== want.status || error.code !== want.code) return `expected ${want.status} ${want.code}`;
  if (want.message !== undefined && error.message !== want.message) return `expected the contract's message ${JSON.stringify(want.message.slice(0, 300))}`;
  if (want.names !== undefined && !error.message.includes(`at ${want.names}`)) return `the message does not name ${want.names}`;
  return undefined;
}

test("hostile inputs to every route and method never answer 500 and never stop the server", async ({ lab, playwright }) => {
  test.setTimeout(360_000);
  const learner = lab.addLearner("Hostile Learner");
  const pid = lab.pid;
  const api = await playwright.request.newContext({ baseURL: lab.url, maxRedirects: 0, timeout: 30_000 });
  const routes = appRoutes();
  const routeKeys = new Set(routes.map((r) => keyOf(r.method, r.pattern)));
  const endpointOf = new Map(endpoints.map((e) => [keyOf(e.method, e.path), e]));
  const bodyKeys = endpoints.filter(hasBody).map((e) => keyOf(e.method, e.path));

  // Every endpoint is attacked through its route, and every /api route has an endpoint to say what it takes.
  expect([...endpointOf.keys()].filter((k) => !routeKeys.has(k)), "endpoints without a route under app/").toEqual([]);
  expect([...routeKeys].filter((k) => k.includes(" /api/") && !endpointOf.has(k)), "routes without an endpoint in lib/api/contracts.ts").toEqual([]);
  expect(bodyKeys.filter((k) => !(k in SAMPLE_BODIES)), "endpoints without a sample body in SAMPLE_BODIES").toEqual([]);
  expect([...Object.keys(SAMPLE_BODIES), ...Object.keys(CONFIGURED_CAPS)].filter((k) => !bodyKeys.includes(k)), "entries for no endpoint that reads a body").toEqual([]);
  expect(bodyKeys.filter((k) => bodyVerdict(endpointOf.get(k)!, JSON.stringify(SAMPLE_BODIES[k]))), "sample bodies their contract refuses").toEqual([]);

  const answers: Answer[] = [];
  const send = async (r: RouteMethod, url: string, body: string | undefined, expected: Expected | null, contentType = "application/json") => {
    const started = Date.now();
    const credentials: Record<string, string> = r.level === "instructor" ? { "x-ragcamp-admin": lab.adminToken() } : { cookie: learner.cookie };
    // A Buffer goes out byte for byte (Playwright would send a string that is not JSON as a JSON string).
    const data = body === undefined ? undefined : Buffer.from(body);
    const res = await api.fetch(url, { method: r.method, headers: { ...credentials, origin: lab.url, ...(body === undefined ? {} : { "content-type": contentType }) }, data });
    const request = `${r.method} ${url.slice(0, 200)} ${body === undefined ? "" : `${contentType} ${body.slice(0, 120)}`}`;
    answers.push({ request, url, status: res.status(), text: (await res.text()).slice(0, 100_000), ms: Date.now() - started, expected: expected ?? undefined });
  };

  for (const r of routes) {
    const key = keyOf(r.method, r.pattern);
    const e = endpointOf.get(key);
    const params = [...new Set([...(e && !hasBody(e) ? queryNames(e) : []), ...EXTRA_PARAMS])];
    const query = (name?: string, value = "") =>
      params.map((p) => `${encodeURIComponent(p)}=${p === name ? (value.includes("%") ? value : encodeURIComponent(value)) : PLAUSIBLE_PARAMS[p] ?? "1"}`).join("&");
    const cap = CONFIGURED_CAPS[key] ?? e?.maxBytes ?? Infinity;
    // What the contract says of a request before the handler sees it: by its body, or a GET's or DELETE's by its query string.
    const verdict = (url: string, body = "{}") => (!e ? null : hasBody(e) ? bodyVerdict(e, body, cap) : queryVerdict(e, url));
    if (e && !hasBody(e)) expect(queryVerdict(e, `${r.url}?${query()}`), `${key}: PLAUSIBLE_PARAMS its contract refuses`).toBeNull();

    const body = r.method === "GET" ? undefined : "{}";
    for (const name of params) {
      for (const value of HOSTILE_PARAMS) {
        const url = `${r.url}?${query(name, value)}`;
        await send(r, url, body, verdict(url));
      }
    }
    if (e && r.method !== "GET") {
      const bodies = hasBody(e) ? [...HOSTILE_BODIES, ...bodyVariants(SAMPLE_BODIES[key], cap)] : HOSTILE_BODIES;
      for (const text of bodies) await send(r, r.url, text, verdict(r.url, text));
      if (hasBody(e)) {
        // Wrong-typed fields are refused by the contract, naming the field.
        for (const { field, body: text } of wrongTypedBodies(e, SAMPLE_BODIES[key])) await send(r, r.url, text, { ...verdict(r.url, text)!, names: field });
        // The cap holds to the byte: one over it is refused unread, at it the body is read.
        await send(r, r.url, paddedBody(cap + 1), verdict(r.url, paddedBody(cap + 1)));
        await send(r, r.url, paddedBody(cap), verdict(r.url, paddedBody(cap)) ?? { notStatus: 413 });
      }
      // A body that is not declared JSON is refused before it is read.
      await send(r, r.url, "{}", { status: 415, code: "unsupported_media_type" }, "text/plain");
    }
    expect(lab.pid, `the server stopped after ${key}`).toBe(pid);
    expect((await api.get("/api/health")).status(), `the server is unhealthy after ${key}`).toBe(200);
  }

  expect(answers.length).toBeGreaterThan(2_000);
  const internals = [lab.dataDir, process.cwd()];
  const problems = answers.flatMap((a) => {
    const why = [
      a.status === 500 || (a.status > 500 && /"code":"internal"/.test(a.text)) ? "a server error" : undefined,
      internals.some((p) => a.text.includes(p)) ? "a server path in the answer" : undefined,
      a.ms > SLOW_MS ? "too slow" : undefined,
      a.url.startsWith("/api/") && a.status >= 400 && !errorOf(a.text) ? "not the JSON error shape" : undefined,
      mismatch(a),
    ].filter(Boolean);
    return why.length ? [`${a.status} in ${a.ms} ms ← ${a.request}: ${why.join("; ")}: ${a.text.slice(0, 200)}`] : [];
  });
  expect(problems).toEqual([]);
  expect(lab.pid).toBe(pid);
  expect((await api.get("/api/health")).status()).toBe(200);
  await api.dispose();
});

test("a grid or KVG spec that names a server path as its question set is refused without reading it", async ({ lab, playwright }) => {
  const learner = lab.addLearner("Path Learner");
  const api = await playwright.request.newContext({ baseURL: lab.url, timeout: 30_000 });
  const headers = { cookie: learner.cookie, origin: lab.url, "content-type": "application/json" };
  const grid = { corpus: { dataset: "google-talks", only: ["7vKH7HWfDQo"] }, chunking: [{ kind: "token", size: 128 }], topK: [3], modes: ["bm25"] };
  const paths = ["/etc/passwd", "/dev/zero", "../../../../etc/passwd", "file:///etc/passwd", `${lab.dataDir}/admin.token`, "datasets/questions/../../../etc/passwd"];
  const texts: string[] = [];
  for (const questions of [...paths, ...paths.map((p) => ({ version: 1, questions: p })), ...paths.map((p) => ({ path: p }))]) {
    for (const [url, spec] of [
      ["/api/experiments", { ...grid, questions }],
      ["/api/similarity/kvg", { collection: "no-such-collection", questions }],
    ] as const) {
      const res = await api.post(url, { headers, data: spec });
      const text = await res.text();
      texts.push(text);
      expect(res.status(), `${url} with questions ${JSON.stringify(questions)}: ${text}`).toBe(400);
    }
  }
  // No job was started, and no answer or job error shows the file.
  const jobs = await jobsOf(api, learner.cookie);
  expect(jobs).toEqual([]);
  for (const text of texts) expect(text).not.toMatch(/root:|daemon:|\/bin\/(ba)?sh/);
  expect(texts.join("\n")).not.toContain(lab.adminToken());
  await api.dispose();
});

async function jobsOf(api: APIRequestContext, cookie: string): Promise<unknown[]> {
  return ((await (await api.get("/api/jobs", { headers: { cookie } })).json()) as { jobs: unknown[] }).jobs;
}
