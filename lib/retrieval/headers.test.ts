import { describe, expect, it } from "vitest";
import { ingest } from "@/lib/ingest/pipeline";
import type { JobContext } from "@/lib/jobs/manager";
import { tempIngestDeps } from "@/lib/testing/temp-ingest-deps";
import { fakeChunk } from "@/lib/testing/fake-chunks";
import type { CollectionMeta, StoredChunk } from "@/lib/vectorstore/port";
import { retrieve } from ".";
import { HEADER_END, withHeader, withoutHeader } from "./headers";

const { ingestDeps: setup } = tempIngestDeps("headers");
const ctx: JobContext = { signal: new AbortController().signal, progress: () => {} };
const CROCKFORD = { kind: "dataset" as const, name: "google-talks" as const, only: ["hQVTIJBZook"] };
const chunker = { kind: "token", size: 256, overlap: 0 } as const;

describe("contextual chunk headers at ingest", () => {
  it("embeds and indexes title and speaker, but stores and shows the plain text", async () => {
    const { fake, deps } = await setup();
    const plain = await ingest({ source: CROCKFORD, chunker }, deps, ctx);
    const plainTexts = [...fake.embedded];
    const headed = await ingest({ source: CROCKFORD, chunker, headers: true }, deps, ctx);
    expect(headed.collection).not.toBe(plain.collection);

    const embedded = fake.embedded.slice(plainTexts.length);
    expect(embedded).toHaveLength(plainTexts.length);
    expect(embedded.every((t, i) => t === `JavaScript: The Good Parts, by Doug Crockford${HEADER_END}\n${plainTexts[i]}`)).toBe(true);

    // "Good Parts" is in the header of every chunk, so BM25 finds them; the hit shows the transcript alone.
    const [hit] = await retrieve({ collection: headed.collection, mode: "bm25", text: "good parts", k: 1 }, { store: deps.store });
    expect(plainTexts).toContain(hit.chunk.text);
    expect(hit.chunk.text).not.toContain(HEADER_END);
    const [again] = await deps.store.getChunks(headed.collection, [hit.chunk.id]);
    expect(again.text).toBe(hit.chunk.text);
  });
});

describe("a query naming the speaker", () => {
  const meta: CollectionMeta = { modelId: "fake-letters@1", dimension: 26, corpusVersion: "two-talks", config: { chunker: "fixture" } };
  /** Two talks that both discuss memory; only the header says who is speaking. */
  const talks = [
    { docId: "google-talks:hQVTIJBZook", header: "JavaScript: The Good Parts, by Doug Crockford", texts: ["Memory leaks come from closures that hold the whole page.", "The garbage collector frees memory you no longer reach, memory you forgot."] },
    { docId: "google-talks:bDgD9whDfEY", header: "Painless Python, by Alex Martelli", texts: ["Names refer to objects in memory.", "Reference counting frees memory."] },
  ];
  const rows = (headers: boolean): StoredChunk[] =>
    talks.flatMap((t) =>
      t.texts.map((text, i) =>
        fakeChunk({ id: `${t.docId.slice(-4)}-${i}`, docId: t.docId, index: i, text, vector: Array.from({ length: 26 }, (_, d) => (d === i ? 1 : 0.1)), ...(headers && { header: t.header }) }),
      ),
    );
  const docsOf = (hits: { chunk: { docId: string } }[]) => hits.map((h) => (h.chunk.docId === talks[0].docId ? "js" : "py"));

  it("ranks that talk's chunks first only when chunks carry headers", async () => {
    const { deps } = await setup();
    await deps.store.writeCollection("plain", meta, rows(false));
    await deps.store.writeCollection("headed", meta, rows(true));
    const query = { mode: "bm25", text: "what does Martelli say about memory", k: 2 } as const;
    expect(docsOf(await retrieve({ ...query, collection: "plain" }, { store: deps.store }))).not.toEqual(["py", "py"]);
    const headed = await retrieve({ ...query, collection: "headed" }, { store: deps.store });
    expect(docsOf(headed)).toEqual(["py", "py"]);
    expect(headed.map((h) => h.chunk.text).sort()).toEqual([...talks[1].texts].sort());
  });

  it("the speaker filter keeps that speaker's talks, headers or not, and names a speaker with no talk", async () => {
    const { deps } = await setup();
    await deps.store.writeCollection("plain", meta, rows(false));
    const query = { collection: "plain", mode: "bm25", text: "memory", k: 4 } as const;
    expect(docsOf(await retrieve(query, { store: deps.store }))).toContain("js");
    expect(docsOf(await retrieve({ ...query, filter: { speaker: "martelli" } }, { store: deps.store }))).toEqual(["py", "py"]);
    await expect(retrieve({ ...query, filter: { speaker: "Nobody" } }, { store: deps.store })).rejects.toThrow(/filter: speaker "Nobody"/);
  });
});

describe("header text", () => {
  it("round-trips, and a separator inside a transcript cannot cut it", () => {
    expect(withoutHeader(withHeader("Title, by Someone", "said this"))).toBe("said this");
    expect(withoutHeader(withHeader(undefined, `odd${HEADER_END}text`))).toBe("odd text");
  });
});
