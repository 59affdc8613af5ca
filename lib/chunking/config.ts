import { createHash } from "node:crypto";
import { z } from "zod";
import { LabError } from "@/lib/errors";

/**
 * Rough conversions of a token limit into the units of other chunkers,
 * chosen so that validated configs rarely fail the measured check in
 * `chunkDocuments`. English averages about 4 characters per gpt2 token
 * (4.4 on the Google talks), but the densest 1000-character chunk there
 * had 3.5. Speech averages 3.6 tokens per second there, but the fastest
 * minute held 350 tokens, so windows assume 6 per second.
 */
export const CHARS_PER_TOKEN = 3.5;
export const TOKENS_PER_SECOND = 6;

const integer = (min: number) =>
  z
    .int({ error: (issue) => (issue.input === undefined ? "is required" : "must be an integer") })
    .min(min, { error: `must be at least ${min}` });

/** An integer at most `max`; the message names the limit in tokens. */
const limited = (max: number, unit: string, maxTokens: number) =>
  integer(1).max(max, {
    error: (issue) =>
      `${issue.input} ${unit} exceeds the embedder's limit of ${maxTokens} tokens` +
      (unit === "tokens" ? "" : ` (about ${max} ${unit})`),
  });

/** Overlap must leave room to advance; judged only once the size is valid. */
const leavesRoom = (size: number, overlap: number) => !(size >= 1) || overlap < size;
const smallerThan = (sizeKey: string, overlapKey: string) => ({
  path: [overlapKey],
  error: `must be smaller than ${sizeKey}`,
});

/** Chunker configs valid for an embedder that accepts `maxTokens` tokens. */
export function chunkerConfigSchema(maxTokens: number) {
  return z.discriminatedUnion(
    "kind",
    [
      z
        .strictObject({
          kind: z.literal("token"),
          size: limited(maxTokens, "tokens", maxTokens),
          overlap: integer(0),
        })
        .refine((c) => leavesRoom(c.size, c.overlap), smallerThan("size", "overlap")),
      z
        .strictObject({
          kind: z.literal("recursive"),
          size: limited(Math.floor(maxTokens * CHARS_PER_TOKEN), "characters", maxTokens),
          overlap: integer(0),
        })
        .refine((c) => leavesRoom(c.size, c.overlap), smallerThan("size", "overlap")),
      z.strictObject({
        kind: z.literal("sentence"),
        maxTokens: limited(maxTokens, "tokens", maxTokens),
        overlapSentences: integer(0),
      }),
      z
        .strictObject({
          kind: z.literal("time"),
          windowS: limited(Math.floor(maxTokens / TOKENS_PER_SECOND), "seconds", maxTokens),
          overlapS: integer(0),
        })
        .refine((c) => leavesRoom(c.windowS, c.overlapS), smallerThan("windowS", "overlapS")),
    ],
    { error: "must be one of token, recursive, sentence, time" },
  );
}

export type ChunkerConfig = z.infer<ReturnType<typeof chunkerConfigSchema>>;

/** Validates user input; every problem is named with its field in one LabError. */
export function parseChunkerConfig(input: unknown, maxTokens: number): ChunkerConfig {
  const result = chunkerConfigSchema(maxTokens).safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) =>
    issue.path.length > 0 ? `${issue.path.join(".")} ${issue.message}` : issue.message,
  );
  throw new LabError("bad_input", `Invalid chunker config: ${problems.join("; ")}`, result.error.issues);
}

/** Stable id of a config: sha256 of its JSON with sorted keys, 12 hex digits. */
export function configHash(config: ChunkerConfig): string {
  const canonical = JSON.stringify(Object.fromEntries(Object.entries(config).sort(([a], [b]) => (a < b ? -1 : 1))));
  return createHash("sha256").update(canonical).digest("hex").slice(0, 12);
}

/** Short label for tables and charts, size/overlap in the chunker's own unit. */
export function describeConfig(config: ChunkerConfig): string {
  switch (config.kind) {
    case "token":
      return `token ${config.size}/${config.overlap}`;
    case "recursive":
      return `recursive ${config.size}/${config.overlap} chars`;
    case "sentence":
      return `sentence ${config.maxTokens} tokens/${config.overlapSentences} sentence${config.overlapSentences === 1 ? "" : "s"}`;
    case "time":
      return `time ${config.windowS}s/${config.overlapS}s`;
  }
}
