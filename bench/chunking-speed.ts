/**
 * Times every chunker on synthetic captions the size of the 13 recommended
 * Google talks (about 17,600 cues, 154k gpt2 tokens), then on the shipped
 * caption datasets: `npx tsx bench/chunking-speed.ts`.
 */
import { pathToFileURL } from "node:url";
import { DATASET_NAMES, loadDataset } from "@/lib/captions/datasets";
import type { CaptionDocument } from "@/lib/captions/types";
import { chunkDocuments } from "@/lib/chunking/chunk";
import { type ChunkerConfig, describeConfig } from "@/lib/chunking/config";
import { USE_LITE_MAX_TOKENS } from "@/lib/embeddings/use-lite";
import { countTokens } from "@/lib/chunking/tokens";
import { syntheticTalk } from "@/lib/chunking/synthetic-talk";

const CONFIGS: ChunkerConfig[] = [
  { kind: "token", size: 128, overlap: 0 },
  { kind: "token", size: 128, overlap: 16 },
  { kind: "recursive", size: 1000, overlap: 0 },
  { kind: "recursive", size: 1000, overlap: 200 },
  { kind: "sentence", maxTokens: 128, overlapSentences: 1 },
  { kind: "time", windowS: 30, overlapS: 5 },
];

async function measure(label: string, docs: readonly CaptionDocument[]): Promise<void> {
  const cues = docs.reduce((n, d) => n + d.cues.length, 0);
  const tokens = docs.reduce((n, d) => n + countTokens(d.cues.map((c) => c.text).join(" ")), 0);
  console.log(`\n${label}: ${docs.length} documents, ${cues} cues, ${tokens} gpt2 tokens`);
  for (const config of CONFIGS) {
    const started = performance.now();
    const chunks = await chunkDocuments(docs, config);
    const ms = performance.now() - started;
    const maxTokens = Math.max(...chunks.map((c) => c.tokens));
    const over = chunks.filter((c) => c.tokens > USE_LITE_MAX_TOKENS).length;
    console.log(
      `${describeConfig(config).padEnd(34)} ${String(chunks.length).padStart(5)} chunks ` +
        `${ms.toFixed(0).padStart(5)} ms  max ${maxTokens} tokens, ${over} over ${USE_LITE_MAX_TOKENS}`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await measure(
    "synthetic",
    Array.from({ length: 13 }, (_, i) => syntheticTalk(`talk${String(i).padStart(2, "0")}`, 1353)),
  );
  for (const name of DATASET_NAMES) await measure(name, await loadDataset(name));
}
