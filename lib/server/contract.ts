/** The server's own route: whether it is up, for probes and the test harness. */
import { z } from "zod";
import { endpoint, noInput, rawResponse } from "@/lib/api/endpoint";

/** Public (no session): the app database engine that answered ("sqlite", ...). */
export const health = endpoint({ method: "GET", path: "/api/health", request: noInput, response: z.object({ ok: z.literal(true), appDb: z.string() }) });

const status = z.enum(["ok", "down"]);
/** Each configured service as ok or down, and nothing else: no URLs, versions, errors or timings. */
export const readiness = z.strictObject({
  ok: z.boolean(),
  services: z.strictObject({ appDb: status, vectors: status, graph: status, chatModel: status.optional(), embeddings: status.optional() }),
});
/** Public (no session): `readiness` with HTTP 200 when every service is ok, 503 otherwise (a Response, for the status). */
export const ready = endpoint({ method: "GET", path: "/api/ready", request: noInput, response: rawResponse });
