import "server-only";
import type { CollectionInfo } from "@/lib/sdk/types";
import { fail, pass, predictChoice } from "../checks";
import type { LessonExercises } from "../types";

const collection = (config: Record<string, unknown>): CollectionInfo => ({
  name: `l_proof__google-talks__${Object.values(config).join("-")}__use-lite`,
  count: 1,
  shared: false,
  meta: { modelId: "use-lite", dimension: 512, corpusVersion: "v1", config },
});
const label = (c: Record<string, unknown>) => (c.kind === "token" || c.kind === "recursive" ? `${c.kind} ${c.size}/${c.overlap}` : JSON.stringify(c));

export const exercises: LessonExercises = {
  "overlap-more-chunks": predictChoice({
    correct: 2,
    choices: 3,
    explanation:
      "With 32 tokens of overlap each chunk starts 96 tokens after the one before instead of 128, so the same talk needs about a third more chunks: the table under the cell counts both.",
    proof: {
      solution: { answer: 2 },
      starter: { answer: undefined, reason: /Choose one/ },
      wrong: [
        { answer: 0, misconception: "overlap merges chunks" },
        { answer: 1, misconception: "overlap only changes the text inside each chunk" },
      ],
    },
  }),
  "ingest-with-overlap": {
    async check(_answer, ctx) {
      const configs = (await ctx.collections()).map((c) => c.meta.config);
      if (configs.length === 0) return fail("You have no collections of your own yet: run the ingest cell.");
      if (configs.some((c) => c.kind === "token" && c.size === 256 && c.overlap === 32)) return pass("You have a collection of 256-token chunks with 32 tokens of overlap.");
      return fail(`Your collections are chunked as ${[...new Set(configs.map(label))].join(", ")}; none is token 256/32.`);
    },
    hints: [
      "The chunker is the second argument of lab.ingest: { kind, size, overlap }.",
      "Chunk size and overlap are both counted in tokens: size 256, overlap 32, kind \"token\".",
    ],
    solution: 'const ingested = await lab.ingest(talks, { kind: "token", size: 256, overlap: 32 });\ningested',
    proof: {
      solution: { state: { collections: [collection({ kind: "token", size: 128, overlap: 0 }), collection({ kind: "token", size: 256, overlap: 32 })] } },
      starter: { state: { collections: [collection({ kind: "token", size: 128, overlap: 0 })] }, reason: /chunked as token 128\/0; none is token 256\/32/ },
      wrong: [
        { state: { collections: [collection({ kind: "token", size: 256, overlap: 0 })] }, misconception: "a bigger chunk already overlaps its neighbours" },
        { state: { collections: [collection({ kind: "token", size: 128, overlap: 32 })] }, misconception: "overlap is added to the chunk size" },
        { state: { collections: [collection({ kind: "recursive", size: 256, overlap: 32 })] }, misconception: "the recursive splitter counts tokens too" },
      ],
    },
  },
};
