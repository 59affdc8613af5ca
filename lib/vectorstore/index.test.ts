import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { openChunkStore } from "./index";

it("opens the embedded LanceDB store under <dataDir>/lancedb", async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), "ragcamp-open-"));
  const store = await openChunkStore({ engine: "lancedb", dataDir });
  expect(store.engine).toBe("lancedb");
  await store.createCollection("c", { modelId: "m", dimension: 2, corpusVersion: "v", config: {} });
  expect(await readdir(path.join(dataDir, "lancedb"))).toContain("_collections.lance");
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});
