import { z } from "zod";
import { explainCount, retrieveTasks } from "@/lib/qa";
import { jsonBody, route } from "@/lib/server/route";
import { qaDeps } from "@/lib/services";

const body = z.strictObject({ question: z.string().trim().min(1).max(2_000), k: z.int().min(1).max(20).default(4) });

/** Vector retrieval over task descriptions, and the live count behind "4 versus 5"; no LLM involved. */
export const POST = route(async (req) => {
  const { question, k } = await jsonBody(req, body, 8_000);
  const deps = await qaDeps();
  const retrieved = await retrieveTasks(deps.graph, deps.store, deps.embedder, question, k);
  return { question, k, retrieved, count: await explainCount(deps.graph, retrieved) };
});
