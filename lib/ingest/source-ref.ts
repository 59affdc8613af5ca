import { createHash } from "node:crypto";
import path from "node:path";
import { loadDataset } from "@/lib/captions/datasets";
import { parseCaptions } from "@/lib/captions/parse-captions";
import type { CaptionDocument } from "@/lib/captions/types";
import { LabError } from "@/lib/errors";
import type { SourceRef } from "./contract";

export { sourceRefSchema, type SourceRef } from "./contract";

export interface ResolvedSource {
  /** Short corpus name used in collection names. */
  corpus: string;
  /** Hash of the transcripts' content: a changed transcript is a new version. */
  corpusVersion: string;
  documents: CaptionDocument[];
}

/** Loads live sources lazily: youtubei.js is only imported when a learner asks for YouTube. */
export async function resolveSource(ref: SourceRef): Promise<ResolvedSource> {
  const documents = await load(ref);
  if (documents.length === 0) throw new LabError("bad_input", "The source has no transcripts to ingest");
  return { corpus: corpusName(ref), corpusVersion: corpusVersion(documents), documents };
}

async function load(ref: SourceRef): Promise<CaptionDocument[]> {
  switch (ref.kind) {
    case "dataset": {
      const all = await loadDataset(ref.name);
      if (!ref.only) return all;
      const wanted = new Set(ref.only);
      const picked = all.filter((d) => wanted.has(d.id) || (d.videoId !== undefined && wanted.has(d.videoId)));
      const found = new Set(picked.flatMap((d) => [d.id, d.videoId]));
      const missing = ref.only.filter((id) => !found.has(id));
      if (missing.length) throw new LabError("not_found", `Dataset ${ref.name} has no document ${missing.join(", ")}`);
      return picked;
    }
    case "file":
      return [fileDocument(ref.filename, ref.text)];
    case "video": {
      const { youtubeSource } = await import("@/lib/captions/source");
      return [await youtubeSource().video(ref.videoId)];
    }
    case "channel": {
      const { youtubeSource } = await import("@/lib/captions/source");
      return youtubeSource().listChannel(ref.channelId, ref.limit);
    }
  }
}

function fileDocument(filename: string, text: string): CaptionDocument {
  const name = path.basename(filename);
  const cues = parseCaptions(text, name);
  return {
    id: `file:${name}`,
    title: name,
    channel: "uploaded file",
    url: `file:${name}`,
    timing: "exact",
    cues,
    attribution: { source: name, licence: "as supplied by the learner", credit: "uploaded by the learner" },
  };
}

function corpusName(ref: SourceRef): string {
  switch (ref.kind) {
    case "dataset":
      return ref.only ? `${ref.name}-${shortHash(ref.only.join(","))}` : ref.name;
    case "file":
      return `file-${path.basename(ref.filename).replace(/\.[^.]+$/, "")}`;
    case "video":
      return `yt-${ref.videoId}`;
    case "channel":
      return `ch-${ref.channelId}`;
  }
}

function corpusVersion(documents: CaptionDocument[]): string {
  const h = createHash("sha256");
  for (const d of documents) {
    h.update(d.id);
    for (const c of d.cues) h.update(`\u0000${c.startS}\u0000${c.endS}\u0000${c.text}`);
  }
  return h.digest("hex").slice(0, 12);
}

function shortHash(s: string): string {
  return createHash("sha256").update(s).digest("hex").slice(0, 8);
}
