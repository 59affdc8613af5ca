/**
 * For tests: ingest's dependencies on a real LanceDB store and embedding cache
 * in a fresh temporary directory, with the letter fake as embedder. Call it at
 * the top of a test file or describe block: it registers an afterEach that
 * closes what it opened and removes its directories.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { openAppDb } from "@/lib/db";
import type { IngestDeps } from "@/lib/ingest/pipeline";
import { openLanceStore } from "@/lib/vectorstore/lancedb";
import { FakeLetterEmbeddings, fakeLetterEmbedder } from "./fake-letter-embeddings";

export function tempIngestDeps(prefix: string) {
  const dirs: string[] = [];
  const closers: (() => unknown)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  });

  /** A temporary directory removed after the test. */
  const tempDir = (name = prefix): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ragcamp-${name}-`));
    dirs.push(dir);
    return dir;
  };

  /** Fresh dependencies for learner "ana", and the fake, which records what was embedded. */
  const ingestDeps = async (): Promise<{ fake: FakeLetterEmbeddings; deps: IngestDeps }> => {
    const dir = tempDir();
    const db = await openAppDb({ dataDir: dir });
    const store = await openLanceStore({ dataDir: dir, manifest: db.manifests });
    closers.push(() => store.close(), () => db.close());
    const fake = new FakeLetterEmbeddings();
    return { fake, deps: { store, embedder: fakeLetterEmbedder(fake), cache: db.embeddings, owner: "ana" } };
  };

  return { tempDir, ingestDeps };
}
