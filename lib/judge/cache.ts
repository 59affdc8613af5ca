import { createHash } from "node:crypto";
import type { JudgeParams } from "./types";

/** What is kept per call: the accepted reply text, re-validated when read back. */
export interface CachedReply {
  reply: string;
}

/** Sync or async, so an SQLite or PostgreSQL store can implement it. */
export interface JudgeCache {
  get(key: string): Promise<CachedReply | undefined> | CachedReply | undefined;
  set(key: string, value: CachedReply): Promise<void> | void;
}

export interface JudgeCacheKeyParts {
  /** The full prompt text sent to the model. */
  prompt: string;
  modelId: string;
  params?: JudgeParams;
  /** Repeat 0, 1, ... of the same judgement: each is its own sample, so each has its own entry. */
  repeat: number;
}

/** sha256 over a canonical encoding: same inputs, same key, whatever the order of params. */
export function judgeCacheKey({ prompt, modelId, params = {}, repeat }: JudgeCacheKeyParts): string {
  const sortedParams = Object.keys(params)
    .sort()
    .map((name) => [name, params[name]]);
  const canonical = JSON.stringify(["ragcamp-judge/1", modelId, sortedParams, repeat, prompt]);
  return createHash("sha256").update(canonical).digest("hex");
}

export class MemoryJudgeCache implements JudgeCache {
  private readonly entries = new Map<string, CachedReply>();

  get(key: string): CachedReply | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: CachedReply): void {
    this.entries.set(key, value);
  }

  get size(): number {
    return this.entries.size;
  }
}
