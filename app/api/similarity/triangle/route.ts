import { z } from "zod";
import { EXAMPLE_TRIPLES, triangle } from "@/lib/similarity/triangle";
import { jsonBody, route } from "@/lib/server/route";
import { services } from "@/lib/services";

export const GET = route(async () => ({ examples: EXAMPLE_TRIPLES }));

/** The three pairwise similarities of three texts, computed now with the configured embedder. */
export const POST = route(async (req) => {
  const { a, b, c } = await jsonBody(req, z.strictObject({ a: z.string(), b: z.string(), c: z.string() }), 64_000);
  return triangle(services.embedder(), a, b, c);
});
