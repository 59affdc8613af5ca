/** Runs the ChunkStore contract against a real Weaviate: set WEAVIATE_URL (and WEAVIATE_API_KEY if needed). */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe } from "vitest";
import { SqliteAppDb } from "../db/sqlite";
import { defineChunkStoreContract } from "./adapter-suite";
import { openWeaviateStore } from "./weaviate";

const url = process.env.WEAVIATE_URL;

describe.skipIf(!url)("Weaviate store", () => {
  defineChunkStoreContract("weaviate", () => {
    const manifest = new SqliteAppDb(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-weaviate-")), "app.sqlite"));
    return openWeaviateStore({ url: url ?? "", apiKey: process.env.WEAVIATE_API_KEY || undefined, manifest });
  });
});
