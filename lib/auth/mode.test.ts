import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openAppDb, type AppDb } from "@/lib/db";
import { authMode } from "./mode";
import { authSecret } from "./secret";

const dirs: string[] = [];
const dbs: AppDb[] = [];
async function freshDb(): Promise<AppDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-mode-"));
  dirs.push(dir);
  const db = await openAppDb({ dataDir: dir });
  dbs.push(db);
  return db;
}
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((db) => db.close()));
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

describe("sign-in mode", () => {
  it("is local until a cohort is created, then cohort however the server is started", async () => {
    const db = await freshDb();
    expect(await authMode({ RAGCAMP_AUTH: undefined, RAGCAMP_TEST_HOOKS: false }, db)).toBe("local");
    expect(await authMode({ RAGCAMP_AUTH: "cohort", RAGCAMP_TEST_HOOKS: false }, db)).toBe("cohort");
    await db.cohort.create("Spring");
    expect(await authMode({ RAGCAMP_AUTH: undefined, RAGCAMP_TEST_HOOKS: false }, db)).toBe("cohort");
  });

  it("refuses RAGCAMP_AUTH=local in a cohort, saying what to do", async () => {
    const db = await freshDb();
    expect(await authMode({ RAGCAMP_AUTH: "local", RAGCAMP_TEST_HOOKS: false }, db)).toBe("local");
    await db.cohort.create("Spring");
    await expect(authMode({ RAGCAMP_AUTH: "local", RAGCAMP_TEST_HOOKS: false }, db)).rejects.toMatchObject({ code: "not_configured", message: expect.stringContaining("unset RAGCAMP_AUTH") });
    await expect(authMode({ RAGCAMP_AUTH: undefined, RAGCAMP_TEST_HOOKS: true }, db)).rejects.toMatchObject({ code: "not_configured", message: expect.stringContaining("RAGCAMP_TEST_HOOKS") });
  });
});

describe("auth secret", () => {
  it("is generated once into <dataDir>/auth.secret, readable by the owner only, unless one is configured", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-secret-"));
    dirs.push(dataDir);
    const first = authSecret({ dataDir, RAGCAMP_AUTH_SECRET: undefined, BETTER_AUTH_SECRET: undefined });
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.statSync(path.join(dataDir, "auth.secret")).mode & 0o777).toBe(0o600);
    expect(authSecret({ dataDir, RAGCAMP_AUTH_SECRET: undefined, BETTER_AUTH_SECRET: undefined })).toBe(first);
    expect(authSecret({ dataDir, RAGCAMP_AUTH_SECRET: "c".repeat(32), BETTER_AUTH_SECRET: undefined })).toBe("c".repeat(32));
  });
});
