import { describe, expect, it } from "vitest";
import type { JobContext } from "@/lib/jobs/manager";
import { tempIngestDeps } from "@/lib/testing/temp-ingest-deps";
import { ingest } from "./pipeline";
import { search } from "@/lib/retrieval/search";


function srt(lines: string[]): string {
  return lines.map((text, i) => `${i + 1}\n00:00:${String(i * 2).padStart(2, "0")},000 --> 00:00:${String(i * 2 + 2).padStart(2, "0")},000\n${text}\n`).join("\n");
}

const TALK = [
  "Bees dance to tell the hive where flowers are.",
  "The waggle dance points toward the sun.",
  "Honey is stored in wax cells built by workers.",
  "Queens lay thousands of eggs in the spring.",
  "Drones leave the hive to find a mate.",
  "Winter bees cluster to keep the queen warm.",
];

const { ingestDeps: setup } = tempIngestDeps("ingest");

const ctx = (controller = new AbortController()): JobContext => ({ signal: controller.signal, progress: () => {} });
const chunker = { kind: "token", size: 16, overlap: 0 } as const;
const fileSource = (lines: string[]) => ({ kind: "file", filename: "bees.srt", text: srt(lines) }) as const;

describe("ingest", () => {
  it("stores every chunk with its citation and finds it again", async () => {
    const { deps } = await setup();
    const result = await ingest({ source: fileSource(TALK), chunker }, deps, ctx());
    expect(result).toMatchObject({ documents: 1, cues: 6, store: "written", fromCache: 0 });
    expect(result.chunks).toBeGreaterThan(1);
    expect(result.embedded).toBe(result.chunks);
    const info = await deps.store.describeCollection(result.collection);
    expect(info.count).toBe(result.chunks);
    expect(result.collection.startsWith("l_ana__")).toBe(true);

    const found = await search({ collection: result.collection, query: "honey wax cells", k: 1, mode: "bm25" }, deps);
    expect(found.hits[0].chunk.text).toContain("Honey");
    expect(found.hits[0].chunk.startS).toBeGreaterThanOrEqual(2);
  });

  it("re-ingesting unchanged data embeds nothing and leaves the store as it was", async () => {
    const { deps, fake } = await setup();
    const first = await ingest({ source: fileSource(TALK), chunker }, deps, ctx());
    const embeddedBefore = fake.embedded.length;
    const again = await ingest({ source: fileSource(TALK), chunker }, deps, ctx());
    expect(fake.embedded.length).toBe(embeddedBefore);
    expect(again).toMatchObject({ embedded: 0, fromCache: first.chunks, store: "unchanged", collection: first.collection });
  });

  it("a changed transcript re-embeds only its changed chunks and replaces the old version", async () => {
    const { deps, fake } = await setup();
    const first = await ingest({ source: fileSource(TALK), chunker }, deps, ctx());
    fake.documentCalls.length = 0;
    const edited = [...TALK.slice(0, 5), "Winter bees shiver their wings to make heat."];
    const second = await ingest({ source: fileSource(edited), chunker }, deps, ctx());
    expect(second.store).toBe("replaced");
    expect(second.embedded).toBeGreaterThan(0);
    expect(second.embedded).toBeLessThan(first.chunks);
    expect(fake.embedded.every((t) => !t.includes("Bees dance"))).toBe(true);
    expect((await deps.store.describeCollection(second.collection)).count).toBe(second.chunks);
  });

  it("a cancelled run writes nothing, and the next run resumes from the cache", async () => {
    const { deps, fake } = await setup();
    const controller = new AbortController();
    controller.abort();
    await expect(ingest({ source: fileSource(TALK), chunker }, deps, ctx(controller))).rejects.toThrow(/cancelled/);
    expect(await deps.store.listCollections()).toEqual([]);
    expect(fake.embedded).toEqual([]);
  });

  it("rejects malformed captions and empty transcripts before writing anything", async () => {
    const { deps } = await setup();
    const bad = { kind: "file", filename: "bad.srt", text: "1\n00:00:01,000 -> nonsense\nhello\n" } as const;
    await expect(ingest({ source: bad, chunker }, deps, ctx())).rejects.toThrow(/bad\.srt.*line 2/);
    const empty = { kind: "file", filename: "empty.vtt", text: "WEBVTT\n\n" } as const;
    await expect(ingest({ source: empty, chunker }, deps, ctx())).rejects.toThrow(/no cues|empty/i);
    expect(await deps.store.listCollections()).toEqual([]);
  });
});
