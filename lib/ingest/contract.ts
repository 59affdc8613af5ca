/** Where transcripts come from, as the corpus, chunks and ingest routes take it. */
import { z } from "zod";
import { DATASET_NAMES } from "@/lib/captions/contract";
import { labType } from "@/lib/api/endpoint";

/** Where an ingestion reads transcripts from; plain data so jobs can record it. */
export const sourceRefSchema = labType(
  "SourceRef",
  z
    .discriminatedUnion("kind", [
      z.strictObject({
        kind: z.literal("dataset"),
        name: z.enum(DATASET_NAMES),
        only: z.array(z.string()).min(1).max(200).optional().describe("Only these documents (YouTube ids or document ids); all when absent."),
      }),
      z.strictObject({ kind: z.literal("file"), filename: z.string().min(1).max(200), text: z.string().max(20_000_000) }),
      z.strictObject({ kind: z.literal("video"), videoId: z.string() }),
      z.strictObject({ kind: z.literal("channel"), channelId: z.string(), limit: z.int().min(1).max(50).default(5) }),
    ])
    .describe("Where transcripts come from."),
  "input",
);
export type SourceRef = z.output<typeof sourceRefSchema>;
