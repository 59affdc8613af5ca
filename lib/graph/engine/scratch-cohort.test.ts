import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { openLadybugGraph } from "@/lib/graph/ladybug";
import { EngineProcess } from "./supervisor";

/** A cohort's scratch graphs on one engine process: before, the seventh database failed to map its 8 TiB. */

const LEARNERS = 100;
const OPEN_MAX = 32;
const root = mkdtempSync(path.join(tmpdir(), "ragcamp-cohort-"));
const engine = new EngineProcess({ name: "scratch", maxRssMb: 1024, openMax: OPEN_MAX });
afterAll(async () => {
  await engine.close();
  rmSync(root, { recursive: true, force: true });
});

const open = (i: number) => openLadybugGraph({ dataDir: path.join(root, `learner-${i}`), engine, target: "scratch" });

/** Runs `work` for every learner, `width` at a time, as a cohort would. */
async function cohort(work: (i: number) => Promise<void>, width = 8): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < LEARNERS) await work(next++);
  }));
}

it(`${LEARNERS} learners create, query and re-open their scratch graphs with at most ${OPEN_MAX} open`, async () => {
  await cohort(async (i) => {
    const store = await open(i);
    await store.query("CREATE NODE TABLE Note(id STRING, owner INT64, PRIMARY KEY (id))", {}, { readOnly: false });
    await store.query("CREATE (:Note {id: 'mine', owner: $i})", { i }, { readOnly: false });
    expect((await store.query("MATCH (n:Note) RETURN n.owner AS owner")).rows).toEqual([{ owner: i }]);
    expect(engine.openDatabases).toBeLessThanOrEqual(OPEN_MAX);
  });
  await cohort(async (i) => {
    const store = await open(i);
    expect((await store.query("MATCH (n:Note) RETURN n.owner AS owner")).rows).toEqual([{ owner: i }]);
    expect(engine.openDatabases).toBeLessThanOrEqual(OPEN_MAX);
  });
  console.log(`scratch engine peak RSS with ${LEARNERS} learners: ${Math.round(engine.peakRssBytes / 1024 / 1024)} MiB`);
  expect(engine.stops).toBe(0);
  expect(engine.peakRssBytes).toBeLessThan(1024 * 1024 * 1024);
}, 300_000);
