/** The server's own route: whether it is up, for probes and the test harness. */
import { z } from "zod";
import { endpoint, noInput } from "@/lib/api/endpoint";

/** Public (no session): the app database engine that answered ("sqlite", ...). */
export const health = endpoint({ method: "GET", path: "/api/health", request: noInput, response: z.object({ ok: z.literal(true), appDb: z.string() }) });
