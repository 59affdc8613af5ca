import { describe, expect, it } from "vitest";
import type { CaptionDocument, Chunk } from "@/lib/captions/types";
import { LabError } from "@/lib/errors";
import { chunkDocument, chunkDocuments } from "./chunk";
import { type ChunkerConfig, configHash } from "./config";
import { syntheticTalk } from "./synthetic-talk";
import { countTokens } from "./tokens";

const talk: CaptionDocument = {
  id: "talk",
  videoId: "abc123",
  title: "Chunking",
  channel: "Lab",
  url: "https://www.youtube.com/watch?v=abc123",
  timing: "exact",
  cues: [
    { startS: 0, endS: 2, text: "Hello and welcome." },
    { startS: 2, endS: 5, text: "Today we talk\nabout chunking." },
    { startS: 5, endS: 9, text: "Chunks keep their timing." },
    { startS: 9.5, endS: 12.25, text: "That lets answers cite the second." },
  ],
  attribution: { source: "test", licence: "CC BY 3.0", credit: "test" },
};

const podcast: CaptionDocument = {
  ...talk,
  id: "episode",
  videoId: undefined,
  url: "https://changelog.com/practicalai/250",
  timing: "approximate",
};

const joined = (doc: CaptionDocument) => doc.cues.map((c) => c.text.replace(/\s+/g, " ")).join(" ");
const summary = (chunks: Chunk[]) => chunks.map((c) => [c.text, c.startS, c.endS]);

describe("chunkDocument timing", () => {
  it("maps each chunk to the cues holding its first and last characters", async () => {
    const chunks = await chunkDocument(talk, { kind: "recursive", size: 20, overlap: 0 });
    expect(summary(chunks)).toEqual([
      ["Hello and welcome.", 0, 2],
      ["Today we talk about", 2, 5],
      ["chunking. Chunks", 2, 9],
      ["keep their timing.", 5, 9],
      ["That lets answers", 9.5, 12.25],
      ["cite the second.", 9.5, 12.25],
    ]);
  });

  it("joins cues with single spaces and records character offsets into that text", async () => {
    const text = joined(talk);
    for (const chunk of await chunkDocument(talk, { kind: "token", size: 5, overlap: 2 })) {
      expect(text.slice(chunk.startChar, chunk.endChar)).toBe(chunk.text);
    }
  });

  it("builds time windows from whole cues", async () => {
    const chunks = await chunkDocument(talk, { kind: "time", windowS: 5, overlapS: 0 });
    expect(summary(chunks)).toEqual([
      ["Hello and welcome. Today we talk about chunking.", 0, 5],
      ["Chunks keep their timing.", 5, 9],
      ["That lets answers cite the second.", 9.5, 12.25],
    ]);
  });
});

describe("chunk identity and citations", () => {
  it("numbers chunks per document under the config's hash", async () => {
    const config: ChunkerConfig = { kind: "sentence", maxTokens: 10, overlapSentences: 0 };
    const chunks = await chunkDocuments([talk, podcast], config);
    const hash = configHash(config);
    expect(chunks.map((c) => c.id)).toEqual([
      ...[0, 1, 2, 3].map((i) => `talk:${hash}:${i}`),
      ...[0, 1, 2, 3].map((i) => `episode:${hash}:${i}`),
    ]);
    expect(chunks.map((c) => c.index)).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    expect(chunks.every((c) => c.tokens === countTokens(c.text))).toBe(true);
  });

  it("cites a YouTube video at the whole second the chunk starts", async () => {
    const last = (await chunkDocument(talk, { kind: "sentence", maxTokens: 10, overlapSentences: 0 })).at(-1);
    expect(last?.citation).toBe("https://www.youtube.com/watch?v=abc123&t=9s");
    expect(last?.citationApproximate).toBe(false);
  });

  it("cites a podcast by its page with an approximate time fragment", async () => {
    const last = (await chunkDocument(podcast, { kind: "sentence", maxTokens: 10, overlapSentences: 0 })).at(-1);
    expect(last?.citation).toBe("https://changelog.com/practicalai/250#t=9");
    expect(last?.citationApproximate).toBe(true);
  });
});

describe("boundaries", () => {
  const doc = syntheticTalk("boundaries", 400);
  const text = joined(doc);
  const configs: ChunkerConfig[] = [
    { kind: "token", size: 128, overlap: 0 },
    { kind: "token", size: 7, overlap: 0 },
    { kind: "recursive", size: 1000, overlap: 0 },
    { kind: "sentence", maxTokens: 128, overlapSentences: 0 },
    { kind: "time", windowS: 30, overlapS: 0 },
  ];

  it.each(configs)("loses no text with %j", async (config) => {
    const chunks = await chunkDocument(doc, config);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks[0].startChar).toBe(0);
    expect(chunks.at(-1)?.endChar).toBe(text.length);
    for (let i = 1; i < chunks.length; i++) {
      expect(text.slice(chunks[i - 1].endChar, chunks[i].startChar).trim()).toBe("");
      expect(chunks[i].startChar).toBeGreaterThanOrEqual(chunks[i - 1].endChar);
    }
    const squeeze = (s: string) => s.replace(/\s/g, "");
    expect(squeeze(chunks.map((c) => c.text).join(""))).toBe(squeeze(text));
    expect(chunks.some((c) => c.text.includes("\uFFFD"))).toBe(false);
  });

  it("keeps characters that gpt2 splits into several tokens whole", async () => {
    const notes = { ...talk, cues: [{ startS: 0, endS: 1, text: "♪♪ la ♪ 😀😀 café ♪♪♪" }] };
    for (const size of [1, 2, 3]) {
      const chunks = await chunkDocument(notes, { kind: "token", size, overlap: 0 });
      expect(chunks.map((c) => c.text).join("").replace(/\s/g, "")).toBe("♪♪la♪😀😀café♪♪♪");
      expect(chunks.some((c) => c.text.includes("\uFFFD"))).toBe(false);
    }
  });
});

describe("overlap", () => {
  it("makes consecutive token chunks share about the overlap in tokens", async () => {
    const doc = syntheticTalk("overlap", 400);
    const text = joined(doc);
    const chunks = await chunkDocument(doc, { kind: "token", size: 128, overlap: 16 });
    expect(chunks.length).toBeGreaterThan(5);
    for (let i = 1; i < chunks.length; i++) {
      const shared = countTokens(text.slice(chunks[i].startChar, chunks[i - 1].endChar));
      expect(shared).toBeGreaterThanOrEqual(14);
      expect(shared).toBeLessThanOrEqual(18);
    }
    const without = await chunkDocument(doc, { kind: "token", size: 128, overlap: 0 });
    expect(chunks.length).toBeGreaterThan(without.length);
  });
});

describe("errors", () => {
  it("rejects a document without caption text, naming it", async () => {
    const silent = { ...talk, id: "silent-talk", cues: [{ startS: 0, endS: 1, text: " \n " }] };
    const error = await chunkDocument(silent, { kind: "token", size: 128, overlap: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabError);
    expect(error).toMatchObject({ code: "bad_input", message: expect.stringContaining('"silent-talk"') });
  });

  it("rejects a measured chunk over the embedder's limit", async () => {
    const error = await chunkDocument(talk, { kind: "time", windowS: 60, overlapS: 0 }, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabError);
    expect(error).toMatchObject({ code: "too_large", message: expect.stringMatching(/has \d+ tokens, over the embedder's limit of 10 tokens/) });
  });
});
