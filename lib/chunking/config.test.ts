import { describe, expect, it } from "vitest";
import { LabError } from "@/lib/errors";
import { USE_LITE_MAX_TOKENS } from "@/lib/embeddings/use-lite";
import { configHash, describeConfig, parseChunkerConfig } from "./config";

const limit = USE_LITE_MAX_TOKENS;

function rejection(input: unknown): LabError {
  try {
    parseChunkerConfig(input, limit);
  } catch (e) {
    if (e instanceof LabError) return e;
    throw e;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe("parseChunkerConfig", () => {
  it("accepts the course's settings", () => {
    expect(parseChunkerConfig({ kind: "token", size: 128, overlap: 0 }, limit)).toEqual({ kind: "token", size: 128, overlap: 0 });
    expect(parseChunkerConfig({ kind: "recursive", size: 1000, overlap: 200 }, limit).kind).toBe("recursive");
    expect(parseChunkerConfig({ kind: "sentence", maxTokens: 256, overlapSentences: 1 }, limit).kind).toBe("sentence");
    expect(parseChunkerConfig({ kind: "time", windowS: 30, overlapS: 5 }, limit).kind).toBe("time");
  });

  it.each([
    [{ kind: "token", size: 0, overlap: 0 }, "size must be at least 1"],
    [{ kind: "recursive", size: -5, overlap: 0 }, "size must be at least 1"],
    [{ kind: "token", size: 128, overlap: -1 }, "overlap must be at least 0"],
    [{ kind: "token", size: 12.5, overlap: 0 }, "size must be an integer"],
    [{ kind: "token", overlap: 0 }, "size is required"],
    [{ kind: "token", size: 128, overlap: 128 }, "overlap must be smaller than size"],
    [{ kind: "recursive", size: 100, overlap: 200 }, "overlap must be smaller than size"],
    [{ kind: "time", windowS: 30, overlapS: 30 }, "overlapS must be smaller than windowS"],
    [{ kind: "sentence", maxTokens: 0, overlapSentences: 0 }, "maxTokens must be at least 1"],
    [{ kind: "token", size: 128, overlap: 0, stride: 4 }, 'Unrecognized key: "stride"'],
    [{ kind: "paragraph", size: 128 }, "kind must be one of token, recursive, sentence, time"],
  ])("rejects %j: %s", (input, message) => {
    const error = rejection(input);
    expect(error.code).toBe("bad_input");
    expect(error.status).toBe(400);
    expect(error.message).toContain(message);
  });

  it("rejects chunk sizes over the embedder's limit, naming the field and the limit", () => {
    expect(rejection({ kind: "token", size: limit + 1, overlap: 0 }).message).toContain(
      `size ${limit + 1} tokens exceeds the embedder's limit of ${limit} tokens`,
    );
    expect(rejection({ kind: "sentence", maxTokens: 1000, overlapSentences: 0 }).message).toContain(
      `maxTokens 1000 tokens exceeds the embedder's limit of ${limit} tokens`,
    );
    expect(rejection({ kind: "recursive", size: 2000, overlap: 0 }).message).toContain(
      `size 2000 characters exceeds the embedder's limit of ${limit} tokens (about 1344 characters)`,
    );
    expect(rejection({ kind: "time", windowS: 120, overlapS: 0 }).message).toContain(
      `windowS 120 seconds exceeds the embedder's limit of ${limit} tokens (about 64 seconds)`,
    );
  });

  it("uses the limit the caller passes", () => {
    expect(() => parseChunkerConfig({ kind: "token", size: 1000, overlap: 0 }, 8191)).not.toThrow();
    expect(() => parseChunkerConfig({ kind: "token", size: 128, overlap: 0 }, 100)).toThrow(/limit of 100 tokens/);
  });
});

describe("configHash", () => {
  it("is 12 hex digits and ignores key order", () => {
    const hash = configHash({ kind: "token", size: 128, overlap: 0 });
    expect(hash).toMatch(/^[0-9a-f]{12}$/);
    const reordered = parseChunkerConfig(JSON.parse('{"overlap":0,"size":128,"kind":"token"}'), limit);
    expect(configHash(reordered)).toBe(hash);
  });

  it("differs when any value differs", () => {
    const hashes = new Set([
      configHash({ kind: "token", size: 128, overlap: 0 }),
      configHash({ kind: "token", size: 128, overlap: 16 }),
      configHash({ kind: "token", size: 256, overlap: 0 }),
      configHash({ kind: "recursive", size: 128, overlap: 0 }),
    ]);
    expect(hashes.size).toBe(4);
  });
});

describe("describeConfig", () => {
  it("labels each kind with its size and overlap", () => {
    expect(describeConfig({ kind: "token", size: 128, overlap: 0 })).toBe("token 128/0");
    expect(describeConfig({ kind: "recursive", size: 1000, overlap: 200 })).toBe("recursive 1000/200 chars");
    expect(describeConfig({ kind: "sentence", maxTokens: 256, overlapSentences: 1 })).toBe("sentence 256 tokens/1 sentence");
    expect(describeConfig({ kind: "sentence", maxTokens: 128, overlapSentences: 2 })).toBe("sentence 128 tokens/2 sentences");
    expect(describeConfig({ kind: "time", windowS: 30, overlapS: 5 })).toBe("time 30s/5s");
  });
});
