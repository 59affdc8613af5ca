/**
 * Throughput of the USE-Lite worker pool on 128-token caption chunks, by
 * worker count and batch size. Prints one JSON document on stdout.
 *
 *   npx tsx bench/use-lite-throughput.ts [srtDir] [texts]
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Tiktoken } from "js-tiktoken/lite";
import cl100k from "js-tiktoken/ranks/cl100k_base";
import { UseLitePool } from "@/lib/embeddings/use-lite";

const CHUNK_TOKENS = 128;

/** Caption text cut into consecutive chunks of exactly CHUNK_TOKENS cl100k tokens. */
function captionChunks(dir: string, count: number): string[] {
  const enc = new Tiktoken(cl100k);
  const text = readdirSync(dir)
    .filter((f) => f.endsWith(".srt"))
    .sort()
    .map((f) => readFileSync(path.join(dir, f), "utf8"))
    .join("\n")
    .split("\n")
    .filter((line) => line.trim() !== "" && !/^\d+$/.test(line.trim()) && !line.includes("-->"))
    .join(" ");
  const tokens = enc.encode(text);
  const chunks: string[] = [];
  for (let i = 0; chunks.length < count && i + CHUNK_TOKENS <= tokens.length; i += CHUNK_TOKENS) {
    chunks.push(enc.decode(tokens.slice(i, i + CHUNK_TOKENS)));
  }
  if (chunks.length < count) throw new Error(`only ${chunks.length} chunks of ${CHUNK_TOKENS} tokens in ${dir}`);
  return chunks;
}

async function measure(texts: string[], workers: number, batchSize: number) {
  const pool = new UseLitePool({ workers, batchSize });
  try {
    const t0 = performance.now();
    await pool.embed(texts.slice(0, workers * batchSize)); // start every worker and warm it up
    const warmupMs = performance.now() - t0;
    const t1 = performance.now();
    await pool.embed(texts);
    const seconds = (performance.now() - t1) / 1000;
    return {
      workers,
      batchSize,
      chunksPerSecond: Number((texts.length / seconds).toFixed(1)),
      modelLoadMs: pool.loadTimesMs.map(Math.round),
      warmupMs: Math.round(warmupMs),
    };
  } finally {
    await pool.close();
  }
}

const dir = process.argv[2] ?? "datasets/captions-google-talks/en";
const texts = captionChunks(dir, Number(process.argv[3] ?? 240));
const results = [];
for (const workers of [1, 2]) {
  for (const batchSize of [1, 8, 16, 32, 64, 128]) {
    const r = await measure(texts, workers, batchSize);
    console.error(JSON.stringify(r));
    results.push(r);
  }
}
console.log(JSON.stringify({ texts: texts.length, chunkTokens: CHUNK_TOKENS, results }, null, 2));
