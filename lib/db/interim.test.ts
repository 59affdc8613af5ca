/** The bridge's embedding cache (until the app database suite covers the Kysely one). */
import { rmSync } from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { textHash } from "@/lib/embeddings/cache";
import { tempDataDir } from "@/lib/testing/temp-app-db";
import type { AppDb } from "./app-db";
import { openAppDb } from "./interim";

let dir: string;
let db: AppDb;

beforeEach(async () => {
  dir = tempDataDir("interim");
  db = await openAppDb({ dataDir: dir });
});

afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("interim app database", () => {
  it("says where its data lives", () => {
    expect(db).toMatchObject({ engine: "sqlite", location: path.join(dir, "app.sqlite") });
  });

  it("stores Float32 vectors and returns only the hashes it has", async () => {
    await db.embeddings.putMany("m", new Map([[textHash("a"), Float32Array.from([0.5, -1.25, 3])]]));
    const found = await db.embeddings.getMany("m", [textHash("a"), textHash("b")]);
    expect([...found.keys()]).toEqual([textHash("a")]);
    expect(Array.from(found.get(textHash("a")) ?? [])).toEqual([0.5, -1.25, 3]);
  });

  it("keeps vectors across reopening, in WAL mode, and model ids apart", async () => {
    await db.embeddings.putMany("model-a", new Map([[textHash("kept"), Float32Array.from([1, 2])]]));
    await db.close();
    db = await openAppDb({ dataDir: dir });
    expect(Array.from((await db.embeddings.getMany("model-a", [textHash("kept")])).get(textHash("kept")) ?? [])).toEqual([1, 2]);
    expect((await db.embeddings.getMany("model-b", [textHash("kept")])).size).toBe(0);

    const raw = new DatabaseSync(path.join(dir, "embeddings.sqlite"));
    expect(raw.prepare("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
    raw.close();
  });

  it("looks up more hashes than fit in one statement", async () => {
    const entries = new Map(Array.from({ length: 1234 }, (_, i) => [textHash(`t${i}`), Float32Array.from([i])] as const));
    await db.embeddings.putMany("m", entries);
    const found = await db.embeddings.getMany("m", [...entries.keys(), textHash("absent")]);
    expect(found.size).toBe(1234);
    expect(found.get(textHash("t1000"))?.[0]).toBe(1000);
  });
});
