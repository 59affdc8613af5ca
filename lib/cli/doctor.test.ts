import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { tempDataDir } from "@/lib/testing/temp-app-db";

/** doctor's app database check with RAGCAMP_DATA_DIR set to `dataDir` (configuration is read once per module load). */
async function checkWith(dataDir: string) {
  vi.resetModules();
  vi.stubEnv("RAGCAMP_DATA_DIR", dataDir);
  const { appDbCheck } = await import("./doctor");
  return appDbCheck();
}

afterEach(async () => {
  await (await import("@/lib/db")).closeAppDb();
  vi.unstubAllEnvs();
});

describe("doctor's app database check", () => {
  it("names the engine and where the data lives", async () => {
    const dataDir = tempDataDir("doctor");
    expect(await checkWith(dataDir)).toEqual({ port: "app database", adapter: "sqlite (node:sqlite)", configured: true, ok: true, detail: path.join(dataDir, "app.sqlite") });
  });

  it("reports a database that cannot be opened, with the reason", async () => {
    const notADir = path.join(tempDataDir("doctor"), "file");
    fs.writeFileSync(notADir, "");
    expect(await checkWith(notADir)).toMatchObject({ port: "app database", ok: false, detail: expect.stringMatching(/\S/) });
  });
});
