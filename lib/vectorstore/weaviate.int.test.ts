/** Runs the ChunkStore contract against a real Weaviate: set WEAVIATE_URL (and WEAVIATE_API_KEY if needed). */
import { describe } from "vitest";
import { tempAppDb } from "@/lib/testing/temp-app-db";
import { defineChunkStoreContract } from "./adapter-suite";
import { openWeaviateStore } from "./weaviate";

const url = process.env.WEAVIATE_URL;

describe.skipIf(!url)("Weaviate store", () => {
  defineChunkStoreContract("weaviate", async () => {
    const manifest = (await tempAppDb("weaviate")).manifests;
    return openWeaviateStore({ url: url ?? "", apiKey: process.env.WEAVIATE_API_KEY || undefined, manifest });
  });
});
