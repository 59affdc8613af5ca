/**
 * `npm run bench -- load [--learners 20] [--seconds 30] [--db sqlite|postgres]`: how far ONE lab
 * instance goes, on its embedded defaults (LanceDB, USE-Lite) in cohort mode, against a production
 * build (`npm run build` first). The app database is SQLite, or with `--db postgres` a throwaway
 * PostgreSQL cluster on loopback (lib/testing/postgres.ts) given to the lab as DATABASE_URL. The instructor's CLI ingests one small shared collection (the first
 * three talks); then simulated learners, each signed in with their own session, wait 1 to 3 s
 * (uniform, seeded) between actions: 50% save a cell, 20% load their notebook, 20% search the
 * shared collection (query embedding included), 10% list their experiments. The same mix with
 * one learner, measured first in the same run, is the baseline.
 *
 *   load_p95_ms                  p95 latency of every request with N learners
 *   load_search_p95_ms           p95 latency of the searches alone
 *   load_errors                  requests that failed (non-2xx or no answer)
 *   load_rps                     requests per second achieved
 *   load_p95_vs_one_learner      load_p95_ms / the same p95 with one learner
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { LabServer } from "../e2e/support/lab-server";
import { nearestRank } from "@/lib/eval/metrics";
import { seededRandom } from "@/lib/random/seeded";
import { freshDatabase, startPostgres } from "@/lib/testing/postgres";
import { bench, log, ratio, round } from "./report";

const LESSON = "notebook-basics";
const CELL = "hello";
const ACTIONS = [
  { kind: "save", weight: 0.5 },
  { kind: "notebook", weight: 0.2 },
  { kind: "search", weight: 0.2 },
  { kind: "experiments", weight: 0.1 },
] as const;
type Action = (typeof ACTIONS)[number]["kind"];

interface Sample {
  action: Action;
  ms: number;
  ok: boolean;
}

interface Learner {
  name: string;
  cookie: string;
}

const QUESTIONS = z.object({ questions: z.array(z.object({ question: z.string() })).min(1) });

function pick(r: number): Action {
  let acc = 0;
  for (const a of ACTIONS) if (r < (acc += a.weight)) return a.kind;
  return ACTIONS[ACTIONS.length - 1].kind;
}

/** One learner's session: seeded think times and actions until the deadline. */
async function simulate(lab: LabServer, who: Learner, seed: number, collection: string, questions: string[], deadline: number): Promise<Sample[]> {
  const random = seededRandom(seed);
  const samples: Sample[] = [];
  // The page's Origin: state-changing routes refuse any other.
  const headers = { cookie: who.cookie, origin: lab.url, "content-type": "application/json" };
  for (let turn = 0; ; turn++) {
    await new Promise((r) => setTimeout(r, 1000 + 2000 * random()));
    if (Date.now() >= deadline) return samples;
    const action = pick(random());
    const request = (): Promise<Response> => {
      switch (action) {
        case "save":
          return fetch(`${lab.url}/api/notebooks/${LESSON}/cells/${CELL}`, { method: "PUT", headers, body: JSON.stringify({ code: `// ${who.name}, edit ${turn}\n"hello"` }) });
        case "notebook":
          return fetch(`${lab.url}/api/notebooks/${LESSON}`, { headers });
        case "search": {
          // A question no one asked before in this run, so the query is embedded, not read from the cache.
          const query = `${questions[Math.floor(random() * questions.length)]} (${who.name}, ${turn})`;
          return fetch(`${lab.url}/api/search`, { method: "POST", headers, body: JSON.stringify({ collection, query, k: 3 }) });
        }
        case "experiments":
          return fetch(`${lab.url}/api/experiments`, { headers });
      }
    };
    const t0 = performance.now();
    const ok = await request().then(
      async (res) => (await res.arrayBuffer(), res.ok),
      () => false,
    );
    samples.push({ action, ms: performance.now() - t0, ok });
  }
}

async function phase(lab: LabServer, learners: Learner[], seconds: number, collection: string, questions: string[]) {
  const started = performance.now();
  const deadline = Date.now() + seconds * 1000;
  const samples = (await Promise.all(learners.map((who, i) => simulate(lab, who, i + 1, collection, questions, deadline)))).flat();
  const elapsedS = (performance.now() - started) / 1000;
  const p95 = (of: Sample[]) => (of.length ? nearestRank(of.map((s) => s.ms).sort((a, b) => a - b), 95) : NaN);
  const searches = samples.filter((s) => s.action === "search");
  const result = { requests: samples.length, p95: p95(samples), searchP95: p95(searches), searches: searches.length, errors: samples.filter((s) => !s.ok).length, rps: samples.length / elapsedS };
  log(`${learners.length} learner(s), ${seconds} s: ${result.requests} requests (${result.searches} searches), p95 ${round(result.p95)} ms, searches p95 ${round(result.searchP95)} ms, ${result.errors} errors`);
  return result;
}

export async function loadBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { learners: { type: "string", default: "20" }, seconds: { type: "string", default: "30" }, db: { type: "string", default: "sqlite" } } });
  const flags = z.object({ learners: z.coerce.number().int().min(1).max(200), seconds: z.coerce.number().int().min(5).max(600), db: z.enum(["sqlite", "postgres"]) }).parse(values);
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npm run build` first.");
  const questions = QUESTIONS.parse(JSON.parse(fs.readFileSync("datasets/questions/google-talks-v1.json", "utf8"))).questions.map((q) => q.question);

  const cluster = flags.db === "postgres" ? await startPostgres() : undefined;
  try {
    const database: Record<string, string> = cluster ? { DATABASE_URL: await freshDatabase(cluster.url, "bench_load") } : {};
    const lab = new LabServer({ RAGCAMP_AUTH: "cohort", RAGCAMP_COURSE_SUBSET: "3", ...database });
    try {
      await lab.start();
      log(`app database: ${flags.db}`);
      const ingested = lab.cli<{ collection: string; chunks: number }>("ingest", "--dataset", "google-talks", "--shared");
      log(`shared collection ${ingested.collection}: ${ingested.chunks} chunks`);
      const learners = Array.from({ length: flags.learners }, (_, i) => ({ name: `learner-${i + 1}`, ...lab.addLearner(`Learner ${i + 1}`) }));
      // Loads the query embedder, so neither phase pays for its start.
      const warm = await fetch(`${lab.url}/api/search`, {
        method: "POST",
        headers: { cookie: learners[0].cookie, origin: lab.url, "content-type": "application/json" },
        body: JSON.stringify({ collection: ingested.collection, query: "warm up" }),
      });
      if (!warm.ok) throw new Error(`warm-up search failed: ${warm.status} ${await warm.text()}`);

      const one = await phase(lab, learners.slice(0, 1), flags.seconds, ingested.collection, questions);
      const many = await phase(lab, learners, flags.seconds, ingested.collection, questions);
      bench("load_learners", flags.learners, "learners");
      bench("load_p95_ms", many.p95, "ms");
      bench("load_search_p95_ms", many.searchP95, "ms");
      bench("load_errors", many.errors, "requests");
      bench("load_rps", many.rps, "req/s");
      bench("load_one_learner_p95_ms", one.p95, "ms");
      ratio("load_p95_vs_one_learner", many.p95 / one.p95);
    } finally {
      await lab.dispose();
    }
  } finally {
    await cluster?.stop();
  }
}
