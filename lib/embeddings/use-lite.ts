import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { Embeddings } from "@langchain/core/embeddings";

/** Cache key for this model: bump it when the package (and so the weights) change. */
/**
 * Input limit for Universal Sentence Encoder Lite, in gpt2 tokens. The
 * model has no hard maximum, but USE was trained on sentences, phrases and
 * short paragraphs and averages its token representations into one vector,
 * so long inputs blur into an unspecific one, and its self-attention costs
 * time quadratic in the length. 384 tokens is about 290 spoken words, one
 * long paragraph, and the smallest multiple of 128 that admits the course's
 * settings as measured: 128-token chunks, and the ZenML example's
 * 1000-character chunks, which reach 281 tokens on the Google talks.
 */
export const USE_LITE_MAX_TOKENS = 384;

export const USE_LITE_MODEL_ID = "use-lite@energetic-ai-0.2.0";
export const USE_LITE_DIMENSION = 512;

/**
 * Texts per message to a worker. Throughput is flat from 8 to 128 (measured
 * with measure-use-lite.ts); small batches balance the workers better at the
 * end of a call and let a query overtake a long ingestion sooner.
 */
const DEFAULT_BATCH_SIZE = 16;

export interface UseLiteOptions {
  /** Worker threads, each with its own copy of the model. Default: available cores. */
  workers?: number;
  /** Texts per message to a worker. */
  batchSize?: number;
  /**
   * Path of use-lite.worker.mjs. Resolved from the working directory by
   * default because Next rewrites import.meta.url in its server bundle.
   */
  workerPath?: string;
}

interface Job {
  texts: string[];
  resolve(vectors: Float32Array): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  loaded: boolean;
  job?: Job & { id: number };
}

type WorkerMessage =
  | { loadedMs: number }
  | { id: number; vectors: Float32Array }
  | { id: number; error: string };

function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}

/**
 * A pool of worker threads running USE-Lite. Workers start lazily (only as
 * many as there are batches waiting), load the model once, and take batches
 * from one shared queue, so a large call spreads across all of them. Idle
 * workers are unref'd: a CLI that forgets close() still exits.
 */
export class UseLitePool {
  readonly size: number;
  readonly batchSize: number;
  /** Model load time of each started worker, in ms. */
  readonly loadTimesMs: number[] = [];
  private readonly workerPath: string;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closed = false;

  constructor(options: UseLiteOptions = {}) {
    this.size = positiveInt("workers", options.workers ?? os.availableParallelism());
    this.batchSize = positiveInt("batchSize", options.batchSize ?? DEFAULT_BATCH_SIZE);
    this.workerPath =
      options.workerPath ?? path.join(process.cwd(), "lib/embeddings/use-lite.worker.mjs");
  }

  /** One 512-d vector per text, in input order. */
  async embed(texts: string[]): Promise<Float32Array[]> {
    if (this.closed) throw new Error("USE-Lite worker pool is closed");
    const batches: string[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      batches.push(texts.slice(i, i + this.batchSize));
    }
    // A call that fits in one batch (typically a query) goes to the front of
    // the queue: it waits for a running batch, never for a whole ingestion.
    const urgent = batches.length === 1;
    const results = await Promise.all(batches.map((batch) => this.enqueue(batch, urgent)));
    return results.flatMap((flat) => {
      const rows: Float32Array[] = [];
      for (let offset = 0; offset < flat.length; offset += USE_LITE_DIMENSION) {
        rows.push(flat.subarray(offset, offset + USE_LITE_DIMENSION));
      }
      return rows;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error("USE-Lite worker pool closed"));
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      slot.job?.reject(new Error("USE-Lite worker pool closed"));
      slot.job = undefined;
    }
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private enqueue(texts: string[], urgent: boolean): Promise<Float32Array> {
    return new Promise((resolve, reject) => {
      if (urgent) this.queue.unshift({ texts, resolve, reject });
      else this.queue.push({ texts, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot =
        this.slots.find((s) => !s.job) ?? (this.slots.length < this.size ? this.spawn() : undefined);
      const job = slot && this.queue.shift();
      if (!slot || !job) return;
      slot.job = { ...job, id: this.nextId++ };
      slot.worker.ref();
      slot.worker.postMessage({ id: slot.job.id, texts: job.texts });
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(this.workerPath), loaded: false };
    this.slots.push(slot);
    const fail = (error: Error) => {
      slot.job?.reject(error);
      slot.job = undefined;
      // Dying before the model loaded (bad path, missing package) would kill
      // every replacement too: fail the waiting work instead of respawning.
      if (!slot.loaded) for (const job of this.queue.splice(0)) job.reject(error);
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      this.dispatch();
    };
    slot.worker.on("message", (message: WorkerMessage) => {
      if ("loadedMs" in message) {
        slot.loaded = true;
        this.loadTimesMs.push(message.loadedMs);
        return;
      }
      const job = slot.job;
      if (!job || job.id !== message.id) return;
      slot.job = undefined;
      if ("error" in message) job.reject(new Error(`USE-Lite embedding failed: ${message.error}`));
      else job.resolve(message.vectors);
      if (this.queue.length === 0) slot.worker.unref();
      this.dispatch();
    });
    slot.worker.on("error", (error) => fail(new Error(`USE-Lite worker crashed: ${error.message}`)));
    slot.worker.on("exit", (code) => fail(new Error(`USE-Lite worker exited with code ${code}`)));
    return slot;
  }
}

/** LangChain embeddings backed by a USE-Lite worker pool. */
export class UseLiteEmbeddings extends Embeddings {
  readonly pool: UseLitePool;

  constructor(options: UseLiteOptions = {}) {
    // No AsyncCaller retries: local inference fails deterministically.
    super({});
    this.pool = new UseLitePool(options);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return (await this.pool.embed(texts)).map((v) => Array.from(v));
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.pool.embed([text]);
    return Array.from(vector);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
