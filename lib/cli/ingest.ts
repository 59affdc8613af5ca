import fs from "node:fs";
import { parseArgs } from "node:util";
import { decodeCaptionBytes } from "@/lib/captions/text-check";
import { LabError } from "@/lib/errors";
import { ingestRequestSchema, startIngest, type ChunkerConfig, type IngestResult, type SourceRef } from "@/lib/ingest/contract";
import { prepareIngest } from "@/lib/ingest/start-ingest";
import { cliJobContext, followServerJob } from "./jobs";
import { viaServerOrLocal } from "./lab-client";
import type { CliIo } from "./output";

const FIELDS = {
  token: ["size", "overlap"],
  recursive: ["size", "overlap"],
  sentence: ["maxTokens", "overlapSentences"],
  time: ["windowS", "overlapS"],
} as const;

function sourceFrom(v: Record<string, string | boolean | undefined>): SourceRef {
  const given = ["dataset", "file", "channel", "video"].filter((k) => v[k] !== undefined);
  if (given.length !== 1) throw new LabError("bad_input", "Give exactly one source: --dataset NAME, --file PATH.srt|.vtt, --channel ID or --video ID");
  if (v.dataset) return { kind: "dataset", name: String(v.dataset), only: v.only ? String(v.only).split(",") : undefined } as SourceRef;
  if (v.file) {
    const file = String(v.file);
    if (!fs.existsSync(file)) throw new LabError("not_found", `No file ${file}`);
    // Decoded here, where the bytes are: a Latin-1 file is refused, not sent as mojibake.
    return { kind: "file", filename: file, text: decodeCaptionBytes(fs.readFileSync(file), file) };
  }
  if (v.channel) return { kind: "channel", channelId: String(v.channel), limit: Number(v.limit ?? 5) };
  return { kind: "video", videoId: String(v.video) };
}

/** As typed: the server (or prepareIngest here) checks it against the embedder and names each bad field. */
function chunkerFrom(v: Record<string, string | boolean | undefined>): ChunkerConfig {
  const kind = String(v.chunker ?? "token");
  const fields = FIELDS[kind as keyof typeof FIELDS];
  if (!fields) return { kind } as unknown as ChunkerConfig;
  const num = (x: string | boolean | undefined, fallback: number) => (x === undefined ? fallback : Number(x));
  return { kind, [fields[0]]: num(v.size, 128), [fields[1]]: num(v.overlap, 0) } as ChunkerConfig;
}

/** `ragcamp ingest`: through the running server if there is one, else in this process. */
export async function ingestCommand(args: string[], io: CliIo): Promise<number> {
  const { values: v } = parseArgs({
    args,
    options: {
      dataset: { type: "string" },
      only: { type: "string" },
      file: { type: "string" },
      channel: { type: "string" },
      limit: { type: "string" },
      video: { type: "string" },
      chunker: { type: "string" },
      size: { type: "string" },
      overlap: { type: "string" },
      shared: { type: "boolean" },
    },
  });
  const request = { source: sourceFrom(v), chunker: chunkerFrom(v), shared: Boolean(v.shared) };
  const result = await viaServerOrLocal(
    async (api) => {
      io.log("A lab server is running on this data dir: ingesting through it.");
      return (await followServerJob(api, await api.call(startIngest, { input: request }), io)) as IngestResult;
    },
    // On the server's own machine the CLI is the instructor: shared writes are allowed.
    async () => (await prepareIngest("local", ingestRequestSchema.parse(request), true)).run(cliJobContext(io)),
  );
  io.result({ ok: true, ...result }, () =>
    [
      `Wrote collection ${result.collection}`,
      `${result.documents} documents, ${result.cues} cues → ${result.chunks} chunks (${result.chunker}), ${result.embedded} embedded, ${result.fromCache} from cache`,
      `store: ${result.store}; time: ${(result.ms.total / 1000).toFixed(1)} s (embedding ${(result.ms.embed / 1000).toFixed(1)} s)`,
    ].join("\n"),
  );
  return 0;
}
