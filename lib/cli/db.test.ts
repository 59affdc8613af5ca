import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, inject, it } from "vitest";
import { openAppDb } from "@/lib/db/open";
import { freshDatabase } from "@/lib/testing/postgres";

const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-cli-db-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function ragcamp(...args: string[]) {
  try {
    const { stdout } = await run(process.execPath, ["bin/ragcamp.mjs", ...args, "--json"], { env: { ...process.env, RAGCAMP_DATA_DIR: dataDir, DATABASE_URL: "" } });
    return { code: 0, out: JSON.parse(stdout) };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, out: JSON.parse(err.stdout) };
  }
}

it("ragcamp db copy moves a data dir's learners and work into PostgreSQL, once, and never prints the password", async () => {
  const url = await freshDatabase(inject("postgresUrl"), "cli_copy");
  const password = decodeURIComponent(new URL(url).password);
  expect((await ragcamp("learner", "add", "Ana")).code).toBe(0);

  const copied = await ragcamp("db", "copy", "--to", url);
  expect(copied.code).toBe(0);
  expect(copied.out).toMatchObject({ ok: true, rows: { learner: 1 } });
  expect(JSON.stringify(copied.out)).not.toContain(password);
  const pg = await openAppDb({ dataDir, url });
  expect((await pg.learners.list()).map((l) => l.name)).toEqual(["Ana"]);
  await pg.close();

  const again = await ragcamp("db", "copy", "--to", url);
  expect(again).toMatchObject({ code: 1, out: { ok: false, error: { code: "conflict" } } });
  const wrong = await ragcamp("db", "copy", "--to", "mysql://u:secret@h/db");
  expect(wrong.out.error).toMatchObject({ code: "bad_input", message: expect.stringContaining("must be a PostgreSQL URL") });
  expect(JSON.stringify(wrong.out)).not.toContain("secret");
});
