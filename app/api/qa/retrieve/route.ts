import { explainCount, retrieveTasks } from "@/lib/qa";
import { qaRetrieve } from "@/lib/qa/contract";
import { route } from "@/lib/server/route";
import { qaDeps } from "@/lib/services";

/** Vector retrieval over task descriptions, and the live count behind "4 versus 5"; no LLM involved. */
export const POST = route(qaRetrieve, async ({ question, k }) => {
  const deps = await qaDeps();
  const retrieved = await retrieveTasks(deps.graph, deps.store, deps.embedder, question, k);
  return { question, k, retrieved, count: await explainCount(deps.graph, retrieved) };
});
