import { Tiktoken } from "js-tiktoken/lite";
import gpt2Ranks from "js-tiktoken/ranks/gpt2";

let tokenizer: Tiktoken | undefined;

/**
 * The one gpt2 tokenizer of the app, built lazily from the ranks bundled in
 * js-tiktoken. LangChain's own lookup would download them, which fails offline.
 */
export function gpt2(): Tiktoken {
  tokenizer ??= new Tiktoken(gpt2Ranks);
  return tokenizer;
}

/** gpt2 token count; special-token markup in captions counts as plain text. */
export function countTokens(text: string): number {
  return gpt2().encode(text, [], []).length;
}
