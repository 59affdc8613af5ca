import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LabError } from "@/lib/errors";
import { graphStoreContract } from "./adapter-suite";
import { closeGraphEngines } from "./engine/supervisor";
import { LADYBUG_FILE, openLadybugGraph } from "./ladybug";
import { loadDevopsGraph } from "./load-devops";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "ragcamp-graph-"));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await closeGraphEngines();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

graphStoreContract("LadybugDB", () => openLadybugGraph({ dataDir: tempDir() }));

describe("LadybugDB store", () => {
  it("persists under the data dir and reopens read-only, where the engine refuses writes", async () => {
    const dataDir = tempDir();
    const rw = await openLadybugGraph({ dataDir });
    await loadDevopsGraph(rw);
    await rw.close();

    const ro = await openLadybugGraph({ dataDir, readOnly: true });
    expect((await ro.query("MATCH (n:Team) RETURN count(n) AS n")).rows).toEqual([{ n: 4 }]);
    const e = await ro.query("CREATE (:Team {id: 'x', name: 'X'})", {}, { readOnly: false }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LabError);
    expect((e as LabError).code).toBe("forbidden");
    await ro.close();
  });

  it("queues concurrent writes, which LadybugDB would otherwise reject", async () => {
    const store = await openLadybugGraph({ dataDir: tempDir() });
    const loads = await Promise.all([loadDevopsGraph(store), loadDevopsGraph(store), loadDevopsGraph(store)]);
    expect(loads.map((l) => [l.nodes, l.relationships])).toEqual([[33, 52], [33, 52], [33, 52]]);
    await store.close();
  });

  it("explains that another process holds the database", async () => {
    const dataDir = tempDir();
    await (await openLadybugGraph({ dataDir })).close();
    const holder = spawn(
      process.execPath,
      ["-e", `const { Database } = require("@ladybugdb/core"); new Database(${JSON.stringify(path.join(dataDir, LADYBUG_FILE))}).initSync(); console.log("ready"); setInterval(() => {}, 1000);`],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      await once(holder.stdout, "data");
      const e = await openLadybugGraph({ dataDir }).catch((x: unknown) => x);
      expect((e as LabError).code).toBe("conflict");
      expect((e as LabError).message).toMatch(/open in another process/);
    } finally {
      holder.kill();
    }
  });

  it("refuses to open a missing database read-only", async () => {
    const e = await openLadybugGraph({ dataDir: tempDir(), readOnly: true }).catch((x: unknown) => x);
    expect((e as LabError).code).toBe("not_found");
  });

  it("rejects bad options and unusable parameters as bad_input", async () => {
    const store = await openLadybugGraph({ dataDir: tempDir() });
    for (const attempt of [
      store.query("RETURN 1", {}, { rowLimit: 0 }),
      store.query("RETURN 1", {}, { timeoutMs: 1.5 }),
      store.query("RETURN $f AS f", { f: () => 1 }),
    ]) {
      expect(((await attempt.catch((x: unknown) => x)) as LabError).code).toBe("bad_input");
    }
    await store.close();
    expect(((await store.query("RETURN 1").catch((x: unknown) => x)) as LabError).code).toBe("unavailable");
  });
});
