import { z } from "zod";
import { EXAMPLE_TRIPLES, triangle } from "@/lib/similarity/triangle";
import { jsonBody, route } from "@/lib/server/route";
import { configuredEmbedders, embedderNamed, services } from "@/lib/services";

export const GET = route(async () => ({ examples: EXAMPLE_TRIPLES }));

/** The three pairwise similarities of three texts, computed now with every configured embedder (the default first). */
export const POST = route(async (req) => {
  const { a, b, c } = await jsonBody(req, z.strictObject({ a: z.string(), b: z.string(), c: z.string() }), 64_000);
  const primary = services.embedder();
  const others = configuredEmbedders()
    .map((name) => embedderNamed(name))
    .filter((e) => e.id !== primary.id);
  return { ...(await triangle(primary, a, b, c)), others: await Promise.all(others.map((e) => triangle(e, a, b, c))) };
});
