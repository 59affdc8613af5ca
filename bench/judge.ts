/**
 * `npm run bench judge`: the judging pipeline's own cost, against the local
 * chat-completions test server (no real model here), which answers every
 * call after a fixed delay standing in for model latency.
 *
 *   judge_overhead        our cold judge run (zod-checked replies, SQLite cache, trace log)
 *                         / plain LangChain.js calls of the same prompts at the same concurrency  (goal ≤ 1.1)
 *   judge_rerun_fraction  the same run again, every reply from the cache / the cold run             (goal ≤ 0.05)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openAppDb } from "@/lib/db";
import { STYLE_RUBRIC } from "@/lib/judge/rubric";
import { rubricJudge } from "@/lib/judge/metrics/rubric-judge";
import { judgeModelFromConfig } from "@/lib/judge/model";
import { createLimiter } from "@/lib/judge/limit";
import { runJudgements } from "@/lib/judge/run";
import { dbJudgeCache } from "@/lib/judge/run-spec";
import { createChatModel } from "@/lib/llm/chat-model";
import { withLlmTrace } from "@/lib/llm/trace";
import { startOpenAITestServer } from "@/lib/testing/openai-test-server";
import { bench, log, ratio, round, time } from "./report";

const ITEMS = 100;
const REPEATS = 3;
const CONCURRENCY = 4;
const MODEL_DELAY_MS = 25;

export async function judgeBench(): Promise<void> {
  let n = 0;
  const server = await startOpenAITestServer([], {
    respond: () => ({ content: JSON.stringify({ score: 1 + (n++ % 5), reason: "Scripted." }), delayMs: MODEL_DELAY_MS }),
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-bench-judge-"));
  const db = await openAppDb({ dataDir });
  const config = { baseUrl: server.baseUrl, model: "bench-model", temperature: 0 };
  const items = Array.from({ length: ITEMS }, (_, i) => ({
    id: `q${i}`,
    input: { question: `Question ${i}: why do chunks overlap?`, answer: `Answer ${i}: so a sentence cut at a boundary still appears whole.`, contexts: [] },
  }));
  const judgeAll = () =>
    withLlmTrace(
      (entry) => db.traces.add("bench", "bench", entry),
      () => runJudgements(items, rubricJudge(STYLE_RUBRIC), { model: judgeModelFromConfig(config), repeats: REPEATS, concurrency: CONCURRENCY, cache: dbJudgeCache(db) }),
    );

  // Warm the HTTP client and the JIT first, so neither side pays start-up costs.
  const plain = createChatModel(config);
  await Promise.all(Array.from({ length: 2 * CONCURRENCY }, () => plain.invoke("warm up")));
  server.requests.length = 0;

  const [cold, coldMs] = await time(judgeAll);
  const prompts = server.requests.map((r) => r.body?.messages ?? []);
  log(`cold: ${cold.counts.ok} judgements, ${cold.counts.calls} model calls in ${round(coldMs)} ms`);
  const [warm, warmMs] = await time(judgeAll);
  log(`warm: ${warm.counts.calls} model calls in ${round(warmMs)} ms`);

  // Baseline: the same prompts through a plain LangChain chat model, same concurrency, reply parsed as JSON.
  const limit = createLimiter(CONCURRENCY);
  const [, plainMs] = await time(() =>
    Promise.all(prompts.map((messages) => limit(async () => JSON.parse((await plain.invoke(messages.map((m) => [m.role, String(m.content)] as [string, string]))).text) as unknown))),
  );
  log(`plain LangChain.js: ${prompts.length} calls in ${round(plainMs)} ms`);

  bench("judge_cold_ms", coldMs, "ms");
  bench("judge_warm_ms", warmMs, "ms");
  bench("judge_plain_ms", plainMs, "ms");
  bench("judgements_per_s", (ITEMS * REPEATS) / (coldMs / 1000), "judgements/s");
  ratio("judge_overhead", coldMs / plainMs);
  ratio("judge_rerun_fraction", warmMs / coldMs);

  await db.close();
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
