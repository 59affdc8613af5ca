import { type Db, type Stores, MAX_PARAMS, atomic } from "./shared";

// Vectors are raw Float32 in the platform's byte order (little-endian wherever Node runs in practice).
function toBytes(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** Copies: the bytes' offset need not be 4-byte aligned, and node-postgres hands out views of a shared buffer. */
export function vectorFromBytes(bytes: Uint8Array): Float32Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

export function embeddingStore(db: Db): Stores["embeddings"] {
  return {
    async getMany(modelId, hashes) {
      const found = new Map<string, Float32Array>();
      const step = MAX_PARAMS - 1;
      for (let i = 0; i < hashes.length; i += step) {
        const part = hashes.slice(i, i + step);
        const rows = await db.selectFrom("embedding").select(["text_hash", "vector"]).where("model_id", "=", modelId).where("text_hash", "in", part).execute();
        for (const row of rows) found.set(row.text_hash, vectorFromBytes(row.vector));
      }
      return found;
    },

    async putMany(modelId, entries) {
      const rows = [...entries].map(([hash, vector]) => ({ model_id: modelId, text_hash: hash, vector: toBytes(vector) }));
      const step = Math.floor(MAX_PARAMS / 3);
      // One transaction: a batch is either fully cached or not at all.
      await atomic(db, async (trx) => {
        for (let i = 0; i < rows.length; i += step) {
          // Same model and text give the same vector, so the first one stored wins.
          await trx
            .insertInto("embedding")
            .values(rows.slice(i, i + step))
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
      });
    },
  };
}
