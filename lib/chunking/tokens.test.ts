import { describe, expect, it } from "vitest";
import { countTokens, gpt2 } from "./tokens";

describe("countTokens", () => {
  it("counts gpt2 tokens", () => {
    expect(countTokens("hello world")).toBe(2);
    expect(gpt2().encode("hello world")).toEqual([31373, 995]);
    expect(countTokens("")).toBe(0);
  });

  it("counts special-token markup as plain text instead of throwing", () => {
    expect(countTokens("<|endoftext|>")).toBe(7);
  });

  it("shares one tokenizer", () => {
    expect(gpt2()).toBe(gpt2());
  });
});
