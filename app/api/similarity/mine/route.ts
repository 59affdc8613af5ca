import { z } from "zod";
import { assertReadable } from "@/lib/ingest/collections";
import { mineCollection } from "@/lib/similarity/mine-collection";
import { currentLearner } from "@/lib/server/learner";
import { jsonBody, route } from "@/lib/server/route";
import { services } from "@/lib/services";

const body = z.strictObject({
  collection: z.string().min(1),
  tauHigh: z.number().optional(),
  tauLow: z.number().optional(),
  limit: z.int().optional(),
  neighbours: z.int().optional(),
});

export const POST = route(async (req) => {
  const { collection, ...options } = await jsonBody(req, body, 4_000);
  assertReadable(await currentLearner(), collection);
  return mineCollection(await services.chunkStore(), collection, options);
});
