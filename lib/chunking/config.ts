import { createHash } from "node:crypto";
import { LabError } from "@/lib/errors";
import { chunkerConfigFor, type ChunkerConfig } from "@/lib/ingest/contract";

export type { ChunkerConfig };

/** Validates user input; every problem is named with its field in one LabError. */
export function parseChunkerConfig(input: unknown, maxTokens: number): ChunkerConfig {
  const result = chunkerConfigFor(maxTokens).safeParse(input);
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
