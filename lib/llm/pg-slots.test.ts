import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { freshDatabase } from "@/lib/testing/postgres";
import { postgresSlots, slotKey } from "./pg-slots";

const cluster = inject("postgresUrl");

describe("model slots on PostgreSQL", () => {
  it("holds the cap across two instances, lets an aborted waiter leave, and frees a crashed holder's slot", async () => {
    const url = await freshDatabase(cluster, "slots");
    // Two instances: two slot objects, each with its own pool.
    const instances = [postgresSlots(url, 2, "m"), postgresSlots(url, 2, "m")];
    let holding = 0;
    let most = 0;
    const call = async (i: number) => {
      const release = await instances[i % 2].acquire();
      most = Math.max(most, ++holding);
      await new Promise((r) => setTimeout(r, 40));
      holding--;
      release();
    };
    await Promise.all(Array.from({ length: 10 }, (_, i) => call(i)));
    expect(most).toBe(2);

    // Both slots taken by A: B's waiter gives up when its caller goes away, and nothing of it is left holding.
    const a = await Promise.all([instances[0].acquire(), instances[0].acquire()]);
    const gone = new AbortController();
    const waiter = instances[1].acquire(gone.signal);
    setTimeout(() => gone.abort(new Error("caller left")), 150);
    await expect(waiter).rejects.toThrow("caller left");
    a.forEach((release) => release());
    const both = await Promise.all([instances[1].acquire(), instances[1].acquire()]);
    both.forEach((release) => release());

    // An instance that dies holding both slots: its connection drops, and so do its locks.
    const crashed = new pg.Client({ connectionString: url });
    await crashed.connect();
    await crashed.query("select pg_advisory_lock($1, 0), pg_advisory_lock($1, 1)", [slotKey("m")]);
    let got = false;
    const next = instances[0].acquire().then((release) => {
      got = true;
      return release;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toBe(false);
    await crashed.end();
    (await next)();
    expect(got).toBe(true);
  });
});
