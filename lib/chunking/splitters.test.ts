import { afterEach, describe, expect, it, vi } from "vitest";
import { splitterFor } from "./splitters";
import { buildTranscript } from "./transcript";
import { syntheticTalk } from "./synthetic-talk";

describe("token splitter", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("uses the bundled gpt2 ranks and never fetches them", async () => {
    // LangChain does not retry an AbortError, so a fetch would fail this test at once.
    const fetch = vi.fn(() => Promise.reject(Object.assign(new Error("network disabled"), { name: "AbortError" })));
    vi.stubGlobal("fetch", fetch);
    const spans = await splitterFor({ kind: "token", size: 64, overlap: 8 })(buildTranscript(syntheticTalk("offline", 50)));
    expect(spans.length).toBeGreaterThan(1);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("treats special-token markup in captions as plain text", async () => {
    const doc = { ...syntheticTalk("markup", 1), cues: [{ startS: 0, endS: 1, text: "the <|endoftext|> marker" }] };
    const spans = await splitterFor({ kind: "token", size: 4, overlap: 0 })(buildTranscript(doc));
    expect(spans.at(-1)?.end).toBe("the <|endoftext|> marker".length);
  });
});
