import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { openChunkStore } from "./index";

it("opens the embedded LanceDB store under <dataDir>/lancedb, its manifest in <dataDir>/app.sqlite", async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), "ragcamp-open-"));
  const store = await openChunkStore({ engine: "lancedb", dataDir });
  expect(store.engine).toBe("lancedb");
  await store.writeCollection("c", { modelId: "m", dimension: 2, corpusVersion: "v", config: {} }, [
    { id: "a", docId: "d", index: 0, text: "t", startS: 0, endS: 1, startChar: 0, endChar: 1, citation: "x", citationApproximate: false, tokens: 1, vector: [1, 0] },
  ]);
  expect(await readdir(path.join(dataDir, "lancedb"))).toEqual(["c.lance"]);
  expect(await readdir(dataDir)).toContain("app.sqlite");
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});
