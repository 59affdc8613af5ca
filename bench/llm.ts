/**
 * `npm run bench llm`: how long one judged question takes to fail when the
 * model server accepts the connection and then never answers, with the
 * default settings (RAGCAMP_LLM_TIMEOUT_MS 30 s, one retry of a timeout,
 * default judges and repeats), against the local chat-completions test
 * server (no model here).
 *
 *   llm_hung_to_failure_s   judging one question on a hung model until the run ends with every judgement failed as timeout  (goal ≤ 120)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openAppDb } from "@/lib/db";
import { judgeModelFromConfig } from "@/lib/judge/model";
import { judgeSpecSchema } from "@/lib/judge/contract";
import { dbJudgeCache, judgesFor, runJudges } from "@/lib/judge/run-spec";
import { chatConfigFromEnv } from "@/lib/llm/chat-model";
import { startOpenAITestServer } from "@/lib/testing/openai-test-server";
import { bench, log, time } from "./report";

export async function llmBench(): Promise<void> {
  const server = await startOpenAITestServer([], { respond: () => ({ hang: true }) });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-bench-llm-"));
  const db = await openAppDb({ dataDir });
  try {
    // The server's own defaults: only the address and model name are set.
    const config = chatConfigFromEnv({ OPENAI_BASE_URL: server.baseUrl, RAGCAMP_CHAT_MODEL: "test-model", RAGCAMP_LLM_CONCURRENCY: 4 });
    if (!config) throw new Error("bench: no chat config");
    const spec = judgeSpecSchema.parse({ items: [{ id: "q", question: "What helps people regulate emotions?", answer: "Naming them.", contexts: ["Naming an emotion calms it."] }] });
    const ctx = { signal: new AbortController().signal, progress: () => undefined };
    log(`judging one question (${spec.judges.join(", ")}, ${spec.repeats} repeats) on a model that never answers`);
    const [results, ms] = await time(() => runJudges(spec, judgesFor(spec), spec.items ?? [], judgeModelFromConfig(config), dbJudgeCache(db), ctx));
    for (const r of results) log(`${r.judge}: ${JSON.stringify(r.counts.failed)} failed, ${r.counts.ok} scored, ${r.counts.calls} calls`);
    bench("llm_hung_to_failure_s", ms / 1000, "s");
  } finally {
    await db.close();
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
