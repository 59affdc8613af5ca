import type { CaptionDocument } from "@/lib/captions/types";

/** Caption text for tests and benchmarks: reproducible, talk-shaped, with multi-byte characters. */
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
