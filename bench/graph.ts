/**
 * `npm run bench graph`: the embedded graph engine in its own process.
 *
 *   graph_server_peak_rss_mb  this (server) process while the engine is crashed and starved
 *   graph_engine_peak_rss_mb  the engine process, one learner sending four heavy queries at once
 *                             (bounded by RAGCAMP_GRAPH_MAX_RSS_MB plus one 50 ms sample of growth)
 *   graph_restart_ms          median from a crash to the next successful query (goal ≤ 5,000)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { env } from "@/lib/config/env";
import { LabError } from "@/lib/errors";
import { EngineProcess } from "@/lib/graph/engine/supervisor";
import { openLadybugGraph } from "@/lib/graph/ladybug";
import { loadDevopsGraph } from "@/lib/graph/load-devops";
import { bench, log, round } from "./report";

const HEAVY = [
  "RETURN size(range(1, 20000000)) AS n",
  "RETURN size(list_concat(range(1, 10000000), range(1, 10000000))) AS n",
  "UNWIND range(1, 1000) AS x RETURN size(collect(range(1, 100000))) AS n",
  "UNWIND range(1, 1000) AS x UNWIND range(1, 1000) AS y UNWIND range(1, 10000) AS z WITH x, y, z WHERE (x * y + z) % 7 = 3 RETURN count(*) AS n",
];
/** Crashes LadybugDB 0.19.1 natively. */
const CRASH = "CREATE (:Team {id: substring('abc', 2, -5), name: 'x'})";
const RESTARTS = 5;

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (e instanceof LabError ? `${e.code} (${e.status})` : String(e)),
  );

export async function graphBench(): Promise<void> {
  let serverPeak = process.memoryUsage().rss;
  const sampler = setInterval(() => (serverPeak = Math.max(serverPeak, process.memoryUsage().rss)), 50);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-bench-graph-"));
  const maxRssMb = env().RAGCAMP_GRAPH_MAX_RSS_MB;
  const engine = new EngineProcess({ name: "shared", maxRssMb, openMax: env().RAGCAMP_SCRATCH_OPEN_MAX });
  try {
    const store = await openLadybugGraph({ dataDir, engine });
    await loadDevopsGraph(store);

    const learner = { learner: "bench", learnerWritten: true };
    const outcomes = await Promise.all(HEAVY.map((q) => outcome(store.query(q, {}, learner))));
    log(`four heavy queries from one learner (cap ${maxRssMb} MiB): ${outcomes.join(", ")}; engine stops ${engine.stops}`);
    bench("graph_engine_peak_rss_mb", engine.peakRssBytes / 1024 / 1024, "MiB");

    const restarts: number[] = [];
    for (let i = 0; i < RESTARTS; i++) {
      // A write is not retried, so its error arrives as the engine dies.
      log(`crash ${i + 1}: ${await outcome(store.query(CRASH, {}, { readOnly: false }))}`);
      const crashed = performance.now();
      await store.query("MATCH (t:Team) RETURN count(t) AS n");
      restarts.push(performance.now() - crashed);
    }
    restarts.sort((a, b) => a - b);
    log(`crash to next successful query: ${restarts.map((ms) => round(ms)).join(", ")} ms`);
    bench("graph_restart_ms", restarts[Math.floor(restarts.length / 2)], "ms");
    bench("graph_restart_max_ms", restarts[restarts.length - 1], "ms");
    bench("graph_server_peak_rss_mb", serverPeak / 1024 / 1024, "MiB");
  } finally {
    clearInterval(sampler);
    await engine.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
