import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { describeAppDb, describeAppDbLifecycle } from "./app-db-suite";
import { openAppDb } from "./open";

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-appdb-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describeAppDb("SQLite", () => openAppDb({ dataDir: tempDir() }));
describeAppDbLifecycle("SQLite", async () => ({ dataDir: tempDir() }));

describe("SQLite app database file", () => {
  it("is <dataDir>/app.sqlite in WAL mode", async () => {
    const dataDir = tempDir();
    const db = await openAppDb({ dataDir });
    expect(db.engine).toBe("sqlite");
    expect(db.location).toBe(path.join(dataDir, "app.sqlite"));
    await db.notebooks.saveCode("ana", "intro", "c1", "x");
    const raw = new DatabaseSync(db.location);
    expect(raw.prepare("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
    raw.close();
    await db.close();
  });

  it("waits for a writer in another process rather than failing at once, and says which step timed out", async () => {
    const dataDir = tempDir();
    const db = await openAppDb({ dataDir });
    const other = new DatabaseSync(db.location);
    other.exec("BEGIN IMMEDIATE");
    const started = Date.now();
    const error = await db.notebooks.saveCode("ana", "intro", "c1", "x").catch((e: unknown) => e);
    other.exec("ROLLBACK");
    other.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_000);
    expect(error).toMatchObject({ code: "unavailable", message: expect.stringMatching(new RegExp(`${db.location.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is unavailable while writing notebooks: database is locked`)) });
    await db.notebooks.saveCode("ana", "intro", "c1", "x");
    await db.close();
  });
});
