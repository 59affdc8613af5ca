import { describe, expect, it } from "vitest";
import { judgeCacheKey, MemoryJudgeCache } from "./cache";

const parts = { prompt: "Rate this answer.", modelId: "openai/gpt-4o-mini", params: { temperature: 0, seed: 1 }, repeat: 0 };

describe("judgeCacheKey", () => {
  it("gives the same sha256 key for the same inputs, whatever the order of params", () => {
    const key = judgeCacheKey(parts);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(judgeCacheKey({ ...parts, params: { seed: 1, temperature: 0 } })).toBe(key);
  });

  it("keeps repeats, prompts, models and parameters apart", () => {
    const keys = [
      judgeCacheKey(parts),
      judgeCacheKey({ ...parts, repeat: 1 }),
      judgeCacheKey({ ...parts, prompt: "Rate this answer!" }),
      judgeCacheKey({ ...parts, modelId: "openai@localhost:11434/llama3.2" }),
      judgeCacheKey({ ...parts, params: { temperature: 0.7, seed: 1 } }),
      judgeCacheKey({ ...parts, params: undefined }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("stores replies in memory", () => {
    const cache = new MemoryJudgeCache();
    cache.set("k", { reply: '{"score": 4}' });
    expect(cache.get("k")).toEqual({ reply: '{"score": 4}' });
    expect(cache.get("other")).toBeUndefined();
    expect(cache.size).toBe(1);
  });
});
