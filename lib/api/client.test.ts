import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createApiClient, LabApiError, NOTEBOOK_HEADER } from "./client";
import { endpoint, noInput, rawResponse } from "./endpoint";

const getThing = endpoint({ method: "GET", path: "/api/things/[id]", request: z.object({ view: z.enum(["short", "long"]).optional() }), response: z.object({ id: z.string() }) });
const addThing = endpoint({ method: "POST", path: "/api/things", request: z.object({ name: z.string() }), response: z.object({ id: z.string() }) });
const dropThing = endpoint({ method: "DELETE", path: "/api/things", request: z.object({ key: z.string() }), response: z.object({ ok: z.literal(true) }) });
const download = endpoint({ method: "GET", path: "/api/things/export", request: noInput, response: rawResponse });

/** A fake server that records each request and answers with `reply`. */
function recording(reply: (req: Request) => Response) {
  const seen: Request[] = [];
  const fetchFn = (async (input: string | URL, init?: RequestInit) => {
    const req = new Request(new URL(String(input), "http://lab.test"), init);
    seen.push(req);
    return reply(req);
  }) as typeof fetch;
  return { seen, fetchFn };
}

describe("createApiClient", () => {
  it("builds the path from params (encoded), the query from a GET's input, and sends state changes as JSON", async () => {
    const server = recording(() => Response.json({ id: "x" }));
    const api = createApiClient({ origin: "http://lab.test", fetch: server.fetchFn, headers: { [NOTEBOOK_HEADER]: "lesson-1" } });
    await api.call(getThing, { params: { id: "a/b c" }, input: { view: "long" } });
    await api.call(getThing, { params: { id: "plain" } });
    await expect(api.call(addThing, { input: { name: "n" } })).resolves.toEqual({ id: "x" });
    const [get, bare, post] = server.seen;
    expect(get.url).toBe("http://lab.test/api/things/a%2Fb%20c?view=long");
    expect(get.method).toBe("GET");
    expect(get.headers.get("content-type")).toBeNull();
    expect(get.headers.get(NOTEBOOK_HEADER)).toBe("lesson-1");
    expect(bare.url).toBe("http://lab.test/api/things/plain");
    expect(post.method).toBe("POST");
    expect(post.headers.get("content-type")).toBe("application/json");
    expect(await post.json()).toEqual({ name: "n" });
  });

  it("sends a DELETE's input as its query string, declared JSON with no body", async () => {
    const server = recording(() => Response.json({ ok: true }));
    await createApiClient({ origin: "http://lab.test", fetch: server.fetchFn }).call(dropThing, { input: { key: "a b" } });
    const [del] = server.seen;
    expect(del.method).toBe("DELETE");
    expect(del.url).toBe("http://lab.test/api/things?key=a+b");
    expect(del.headers.get("content-type")).toBe("application/json");
    expect(await del.text()).toBe("");
  });

  it("sends a list in a GET's input as the same parameter repeated, in order", async () => {
    const pick = endpoint({ method: "GET", path: "/api/picks", request: z.object({ q: z.string(), point: z.array(z.string()) }), response: z.object({}) });
    const server = recording(() => Response.json({}));
    await createApiClient({ origin: "http://lab.test", fetch: server.fetchFn }).call(pick, { input: { q: "q1", point: ["token 128/0|vector", "a&b"] } });
    expect(new URL(server.seen[0].url).searchParams.getAll("point")).toEqual(["token 128/0|vector", "a&b"]);
    expect(new URL(server.seen[0].url).searchParams.get("q")).toBe("q1");
  });

  it("turns any error answer into a LabApiError with the server's code, message and retry-after", async () => {
    const answers = [
      Response.json({ error: { code: "rate_limited", message: "Slow down" } }, { status: 429, headers: { "retry-after": "8" } }),
      Response.json({ error: { code: "not_found", message: "No thing t" } }, { status: 404 }),
      new Response("<html>proxy error</html>", { status: 502 }),
    ];
    const api = createApiClient({ fetch: recording(() => answers.shift()!).fetchFn });
    const failure = (id: string) => api.call(getThing, { params: { id } }).catch((e: unknown) => e);
    const limited = await failure("1");
    expect(limited).toBeInstanceOf(LabApiError);
    expect(limited).toMatchObject({ status: 429, code: "rate_limited", message: "Slow down", retryAfterS: 8 });
    expect(await failure("2")).toMatchObject({ status: 404, code: "not_found", message: "No thing t", retryAfterS: undefined });
    const bare = await failure("3");
    expect(bare).toBeInstanceOf(LabApiError);
    expect(bare).toMatchObject({ status: 502, code: "http_error", message: "GET /api/things/3 answered HTTP 502" });
  });

  it("hands back a non-JSON answer as the Response, once it is known to be ok", async () => {
    const api = createApiClient({ fetch: recording((req) => (req.url.endsWith("export") ? new Response("a,b\n1,2\n") : Response.json({}, { status: 500 }))).fetchFn });
    expect(await (await api.open(download)).text()).toBe("a,b\n1,2\n");
  });

  it("uses the fetch it was given, so a cell that replaces globalThis.fetch cannot intercept later calls", async () => {
    const server = recording(() => Response.json({ id: "kept" }));
    const api = createApiClient({ fetch: server.fetchFn });
    const original = globalThis.fetch;
    globalThis.fetch = (async () => Response.json({ id: "hijacked" })) as typeof fetch;
    try {
      await expect(api.call(getThing, { params: { id: "1" } })).resolves.toEqual({ id: "kept" });
    } finally {
      globalThis.fetch = original;
    }
  });
});
