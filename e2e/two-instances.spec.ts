import { freshDatabase, startPostgres } from "../lib/testing/postgres";
import { expect, test } from "./support/fixtures";
import { LabServer } from "./support/lab-server";

/**
 * Two app instances (two ports, two data dirs) on one PostgreSQL database,
 * as behind a load balancer: they share the job queue and outlive each other.
 * Local mode has one learner, so both instances serve the same queue of jobs.
 */
let cluster: Awaited<ReturnType<typeof startPostgres>>;
test.beforeAll(async () => {
  cluster = await startPostgres();
});
test.afterAll(async () => {
  await cluster?.stop();
});

interface Job {
  id: string;
  status: string;
  progress: { done: number } | null;
  error: string | null;
}

/** Two labs on one fresh database; only the first is started (it migrates the database). */
async function pair(name: string): Promise<[LabServer, LabServer]> {
  const url = await freshDatabase(cluster.url, name);
  const [a, b] = [new LabServer({ DATABASE_URL: url, RAGCAMP_TEST_HOOKS: "1" }), new LabServer({ DATABASE_URL: url, RAGCAMP_TEST_HOOKS: "1" })];
  await a.start();
  return [a, b];
}

const post = (lab: LabServer, path: string, body: object = {}) =>
  fetch(`${lab.url}${path}`, { method: "POST", headers: { origin: lab.url, "content-type": "application/json" }, body: JSON.stringify(body) });
const startSlow = async (lab: LabServer, spec: { steps: number; everyMs: number }): Promise<Job> => {
  const res = await post(lab, "/api/test/slow-job", spec);
  expect(res.status).toBe(200);
  return (await res.json()) as Job;
};
const read = async (lab: LabServer, id: string): Promise<Job> => (await (await fetch(`${lab.url}/api/jobs/${id}`)).json()) as Job;

/** A slow job queued through A and running there, then B started: B can only reach the job through the database. */
async function runningOnAThenB(a: LabServer, b: LabServer, spec: { steps: number; everyMs: number }): Promise<Job> {
  const job = await startSlow(a, spec);
  await expect.poll(async () => (await read(a, job.id)).status, { timeout: 30_000 }).toBe("running");
  await b.start();
  return job;
}

test("a job queued through one instance is followed and cancelled through the other", async () => {
  test.setTimeout(120_000);
  const [a, b] = await pair("e2e_two_cancel");
  try {
    // Running on A before B exists, so A is the instance that must notice B's cancel.
    const job = await runningOnAThenB(a, b, { steps: 600, everyMs: 100 });
    await expect.poll(async () => (await read(b, job.id)).progress?.done ?? 0, { timeout: 30_000 }).toBeGreaterThan(3);
    const seen = (await read(b, job.id)).progress!.done;
    await expect.poll(async () => (await read(b, job.id)).progress!.done, { timeout: 10_000 }).toBeGreaterThan(seen);

    expect((await post(b, `/api/jobs/${job.id}/cancel`)).status).toBe(200);
    // A runs it and notices the cancel through the database within about a second.
    await expect.poll(async () => (await read(b, job.id)).status, { timeout: 10_000 }).toBe("cancelled");
    expect((await read(a, job.id)).status).toBe("cancelled");
  } finally {
    await a.dispose();
    await b.dispose();
  }
});

test("SIGKILL of one instance during its job fails that job within 60 s; the other instance goes on and runs the next job", async () => {
  test.setTimeout(180_000);
  const [a, b] = await pair("e2e_two_kill");
  try {
    const lost = await runningOnAThenB(a, b, { steps: 3_000, everyMs: 100 });
    // Starting B leaves A's job running.
    expect((await read(b, lost.id)).status).toBe("running");
    // B's job waits behind it in the learner's queue, which the dead instance holds until B releases it.
    const next = await startSlow(b, { steps: 20, everyMs: 50 });
    expect((await read(b, next.id)).status).toBe("queued");

    await a.crash();
    const killedAt = Date.now();
    await expect.poll(async () => (await read(b, lost.id)).status, { timeout: 60_000, intervals: [1_000] }).toBe("failed");
    expect(Date.now() - killedAt).toBeLessThan(60_000);
    expect((await read(b, lost.id)).error).toBe("The instance running this job stopped. Run it again: finished parts are kept.");
    await expect.poll(async () => (await read(b, next.id)).status, { timeout: 30_000 }).toBe("done");
    expect(b.pid).toBeDefined();
  } finally {
    await a.dispose();
    await b.dispose();
  }
});
