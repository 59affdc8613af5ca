/**
 * Times every chunker on synthetic captions the size of the 13 recommended
 * Google talks (about 17,600 cues, 154k gpt2 tokens), then on the shipped
 * caption datasets: `npx tsx lib/chunking/measure.ts`.
 */
import { DATASET_NAMES, loadDataset } from "@/lib/captions/datasets";
import type { CaptionDocument } from "@/lib/captions/types";
import { chunkDocuments } from "./chunk";
import { type ChunkerConfig, describeConfig, USE_LITE_MAX_TOKENS } from "./config";
import { countTokens } from "./tokens";

const WORDS = (
  "so the retrieval step finds passages that answer a question and then the model writes " +
  "an answer from them which is why chunk boundaries matter more than people expect when " +
  "they first build one of these systems café naïve — ♪ we'll see 2009 examples today"
).split(" ");

/** Deterministic pseudo-random talk: ~9-word cues of ~2.6 s, sentences of 5-25 words. */
export function syntheticTalk(id: string, cueCount: number): CaptionDocument {
  let seed = id.length * 7919;
  const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  let sentenceLeft = 0;
  const cues = Array.from({ length: cueCount }, (_, c) => {
    const words: string[] = [];
    for (let w = 0; w < 9; w++) {
      let word = WORDS[next(WORDS.length)];
      if (sentenceLeft === 0) {
        sentenceLeft = 5 + next(20);
        word = word[0].toUpperCase() + word.slice(1);
      }
      if (--sentenceLeft === 0) word += ".";
      words.push(word);
    }
    return { startS: c * 2.6, endS: c * 2.6 + 2.5, text: words.join(" ") };
  });
  return {
    id,
    videoId: id,
    title: id,
    channel: "synthetic",
    url: `https://www.youtube.com/watch?v=${id}`,
    timing: "exact",
    cues,
    attribution: { source: "synthetic", licence: "none", credit: "generated" },
  };
}

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

if (import.meta.url === `file://${process.argv[1]}`) {
  await measure(
    "synthetic",
    Array.from({ length: 13 }, (_, i) => syntheticTalk(`talk${String(i).padStart(2, "0")}`, 1353)),
  );
  for (const name of DATASET_NAMES) await measure(name, await loadDataset(name));
}
