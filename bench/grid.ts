/**
 * Grid benchmarks of the experiments issue, on 3 talks:
 *   grid_vs_naive       32-configuration grid (4 sizes × 2 overlaps × 4 top-k, vector), empty cache,
 *                       divided by a naive loop that re-chunks, re-embeds and re-indexes per configuration
 *                       with plain LangChain.js (goal ≤ 0.25)
 *   grid_warm_fraction  the same grid re-run warm / cold (goal ≤ 0.05)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { MemoryVectorStore } from "@langchain/classic/vectorstores/memory";
import { Document } from "@langchain/core/documents";
import { loadDataset } from "@/lib/captions/datasets";
import { tokenSplitter } from "@/lib/chunking/splitters";
import { buildTranscript } from "@/lib/chunking/transcript";
import { openAppDb } from "@/lib/db";
import { createEmbedder } from "@/lib/embeddings";
import { resolveQuestionSet } from "@/lib/eval/questions";
import { runGrid } from "@/lib/experiments/runner";
import { openChunkStore } from "@/lib/vectorstore";
import { MainThreadUseLite } from "./main-thread-use-lite";
import { bench, log, ratio, round, time } from "./report";

const TALKS = ["tShDYA3NFVs", "hQVTIJBZook", "0SARbwvhupQ"];
const SIZES = [64, 128, 256, 384];
const OVERLAPS = [0, 32];
const TOP_K = [1, 3, 5, 10];
const SPEC = { corpus: { dataset: "google-talks", only: TALKS }, chunking: [{ kind: "token", size: SIZES, overlap: OVERLAPS }], topK: TOP_K, modes: ["vector"] };
const noJob = { signal: new AbortController().signal, progress: () => {} };

/**
 * What a learner would write without the lab: for every configuration, split
 * again, embed again, index again, then search every question. (Scoring is
 * left out: it costs the same on both sides.)
 */
async function naiveLoop(): Promise<number> {
  const docs = (await loadDataset("google-talks")).filter((d) => TALKS.includes(d.videoId ?? ""));
  const questions = (await resolveQuestionSet()).set.questions.filter((q) => q.evidence.some((e) => TALKS.includes(e.video_id)));
  const pages = docs.map((d) => new Document({ pageContent: buildTranscript(d).text, metadata: { docId: d.id } }));
  const embeddings = new MainThreadUseLite();
  await embeddings.embedQuery("warm up");
  let searches = 0;
  for (const size of SIZES) {
    for (const overlap of OVERLAPS) {
      for (const k of TOP_K) {
        const chunks = await tokenSplitter(size, overlap).splitDocuments(pages);
        const store = await MemoryVectorStore.fromDocuments(chunks, embeddings);
        for (const q of questions) {
          await store.similaritySearch(q.question, k);
          searches++;
        }
      }
    }
  }
  return searches;
}

export async function gridBench(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-bench-grid-"));
  const db = await openAppDb({ dataDir });
  const store = await openChunkStore({ engine: "lancedb", dataDir, manifest: db.manifests });
  const embedder = createEmbedder({ provider: "use-lite" });
  await embedder.embeddings.embedQuery("warm up");
  const deps = { store, embedder, cache: db.embeddings, owner: "bench" };
  const [cold, coldMs] = await time(() => runGrid(SPEC, deps, noJob, randomUUID()));
  log(`grid cold: ${round(coldMs / 1000)} s, ${cold.points.length} points`);
  const [, warmMs] = await time(() => runGrid(SPEC, deps, noJob, randomUUID()));
  log(`grid warm: ${round(warmMs)} ms`);
  await embedder.close();
  await store.close();
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const [searches, naiveMs] = await time(naiveLoop);
  log(`naive loop: ${round(naiveMs / 1000)} s (${searches} searches)`);
  bench("grid_cold_s", coldMs / 1000, "s");
  bench("grid_warm_ms", warmMs, "ms");
  bench("grid_naive_s", naiveMs / 1000, "s");
  ratio("grid_vs_naive", coldMs / naiveMs);
  ratio("grid_warm_fraction", warmMs / coldMs);
}
