import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { tempDataDir } from "@/lib/testing/temp-app-db";

// A data dir path that is a file at first: opening the database there fails until it is removed.
const dataDir = path.join(tempDataDir("appdb"), "data");
fs.writeFileSync(dataDir, "");
vi.stubEnv("RAGCAMP_DATA_DIR", dataDir);
const { appDb, closeAppDb } = await import("./index");
afterAll(() => closeAppDb());

describe("appDb", () => {
  it("opens one database per process, tries again after a failed open, and opens anew after closeAppDb", async () => {
    await expect(appDb()).rejects.toThrow();
    fs.rmSync(dataDir);
    const db = await appDb();
    expect(db.location).toBe(path.join(dataDir, "app.sqlite"));
    expect(await appDb()).toBe(db);
    await closeAppDb();
    const again = await appDb();
    expect(again).not.toBe(db);
    await again.learners.list();
  });
});
