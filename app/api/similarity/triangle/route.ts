import { isLabError, type LabError } from "@/lib/errors";
import { redactForLearner } from "@/lib/errors/redact";
import { computeTriangle, triangleExamples } from "@/lib/similarity/contract";
import { EXAMPLE_TRIPLES, triangle } from "@/lib/similarity/triangle";
import { route } from "@/lib/server/route";
import { configuredEmbedders, embedderNamed, services } from "@/lib/services";

export const GET = route(triangleExamples, async () => ({ examples: [...EXAMPLE_TRIPLES] }));

/** The three pairwise similarities of three texts, computed now with every configured embedder (the default first). */
export const POST = route(computeTriangle, async ({ a, b, c }) => {
  const primary = services.embedder();
  const others = configuredEmbedders()
    .map((name) => embedderNamed(name))
    .filter((e) => e.id !== primary.id);
  const result = await triangle(primary, a, b, c);
  // A chat-only server (no embeddings endpoint) must not cost the learner the default model's triangle.
  const settled = await Promise.allSettled(others.map((e) => triangle(e, a, b, c)));
  const failed = settled.flatMap((s, i) => (s.status === "rejected" ? [{ modelId: others[i].id, reason: s.reason as unknown }] : []));
  const unexpected = failed.find((f) => !isLabError(f.reason));
  if (unexpected) throw unexpected.reason;
  return {
    ...result,
    others: settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : [])),
    // Returned as data, not as an error, so it gets route()'s redaction here (an endpoint URL may carry credentials).
    unavailable: failed.map((f) => ({ modelId: f.modelId, reason: redactForLearner((f.reason as LabError).message, "triangle embedder") })),
  };
});
