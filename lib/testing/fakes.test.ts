import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { Embeddings } from "@langchain/core/embeddings";
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, HumanMessage, SystemMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { LabError } from "@/lib/errors";
import { cosineSimilarity as cosine } from "@/lib/embeddings/similarity";
import { FakeBagOfWordsEmbeddings, fakeBagOfWordsEmbedder } from "./fake-bag-of-words-embeddings";
import { FakeChatModel, fakeJudgeModel } from "./fake-chat-model";
import { FakeEmbeddings, fixedVectors } from "./fake-embeddings";
import { FakeLetterEmbeddings, fakeLetterEmbedder } from "./fake-letter-embeddings";
import { fakeYouTube } from "./fake-youtube";
import { labError, labRejection } from "./lab-error";
import { tempIngestDeps } from "./temp-ingest-deps";

describe("FakeLetterEmbeddings", () => {
  it("gives a text the same 26-d vector every time, ignoring case, and never a zero vector", async () => {
    const fake = new FakeLetterEmbeddings();
    const [a, b] = await fake.embedDocuments(["Bees dance", "bees DANCE"]);
    expect(a).toHaveLength(26);
    expect(b).toEqual(a);
    expect(await new FakeLetterEmbeddings().embedQuery("Bees dance")).toEqual(a);
    expect((await fake.embedQuery("")).every((x) => x > 0)).toBe(true);
  });

  it("ranks a text sharing letters with the query above one that does not", async () => {
    const fake = new FakeLetterEmbeddings();
    const [near, far] = await fake.embedDocuments(["honey in the hive", "xyzzy quux"]);
    const query = await fake.embedQuery("where is the honey?");
    expect(cosine(query, near)).toBeGreaterThan(cosine(query, far));
  });

  it("records document batches and queries apart, in order", async () => {
    const fake = new FakeLetterEmbeddings();
    await fake.embedDocuments(["a", "b"]);
    await fake.embedQuery("q");
    await fake.embedDocuments(["c"]);
    expect(fake.documentCalls).toEqual([["a", "b"], ["c"]]);
    expect(fake.queryCalls).toEqual(["q"]);
    expect(fake.embedded).toEqual(["a", "b", "c"]);
  });

  it("is an Embedder whose dimension matches its vectors", async () => {
    const embedder = fakeLetterEmbedder();
    expect(embedder.dimension).toBe(26);
    expect(await embedder.embeddings.embedQuery("x")).toHaveLength(26);
  });
});

describe("FakeBagOfWordsEmbeddings", () => {
  it("puts texts sharing a stem together and ignores stopwords", async () => {
    const fake = new FakeBagOfWordsEmbeddings(64);
    const [optimize, optimization, billing] = await fake.embedDocuments(["Optimize the database", "database optimization", "billing invoices"]);
    expect(cosine(optimize, optimization)).toBeCloseTo(1, 12);
    expect(cosine(optimize, billing)).toBe(0);
    expect(await fake.embedQuery("the tasks")).toEqual(await fake.embedQuery("tasks"));
  });

  it("gives a text without terms a direction, since stores refuse zero vectors", async () => {
    expect((await new FakeBagOfWordsEmbeddings(8).embedQuery("the and for")).some((x) => x !== 0)).toBe(true);
  });

  it("is an Embedder named after its dimension", async () => {
    const embedder = fakeBagOfWordsEmbedder(32);
    expect(embedder.id).toBe("fake/bag-of-words-32");
    expect(await embedder.embeddings.embedQuery("open tickets")).toHaveLength(32);
  });
});

describe("FakeEmbeddings with fixed vectors", () => {
  it("returns the hand-picked vectors and refuses a text it was not given", async () => {
    const fake = new FakeEmbeddings(fixedVectors({ a: [1, 0], b: [0, 1] }));
    expect(await fake.embedDocuments(["b", "a"])).toEqual([[0, 1], [1, 0]]);
    await expect(fake.embedQuery("c")).rejects.toThrow(/no vector given for "c"/);
  });
});

describe("FakeChatModel", () => {
  it("replies from a list in turn, starting over when it runs out, and records every prompt in order", async () => {
    const model = new FakeChatModel(["one", "two"]);
    const replies = [];
    for (const q of ["q1", "q2", "q3"]) replies.push((await model.invoke([new SystemMessage("sys"), new HumanMessage(q)])).text);
    expect(replies).toEqual(["one", "two", "one"]);
    expect(model.calls.map((c) => c.messages.map((m) => m.text))).toEqual([["sys", "q1"], ["sys", "q2"], ["sys", "q3"]]);
  });

  it("records a streamed call too", async () => {
    const model = new FakeChatModel(["streamed"]);
    let text = "";
    for await (const chunk of await model.stream("hi")) text += chunk.text;
    expect(text).toBe("streamed");
    expect(model.calls).toHaveLength(1);
  });

  it("answers with a tool call from a script that sees the bound tools", async () => {
    const lookup = tool(async () => "", { name: "lookup", description: "looks up", schema: z.object({ q: z.string() }) });
    const model = new FakeChatModel(({ tools }) =>
      new AIMessage({ content: "", tool_calls: [{ id: "c1", name: tools[0], args: { q: "x" }, type: "tool_call" }] }),
    );
    const reply = await model.bindTools([lookup]).invoke("find x");
    expect(reply.tool_calls?.map((c) => c.name)).toEqual(["lookup"]);
    expect(model.calls[0].tools).toEqual(["lookup"]);
  });

  it("serves as a judge model", async () => {
    const { model, fake } = fakeJudgeModel(['{"score": 4}']);
    expect(model.chat).toBe(fake);
    expect((await model.chat.invoke("rate")).text).toBe('{"score": 4}');
  });
});

describe("fakeYouTube", () => {
  it("answers feeds, players and tracks from its fixtures, 404 for anything else, and records each URL", async () => {
    const yt = fakeYouTube({ feeds: { UC1: "<feed/>" }, players: { vid1: '{"ok":true}' }, tracks: { vid1: "{}" } });
    const feed = await yt.fetch("https://www.youtube.com/feeds/videos.xml?channel_id=UC1");
    expect([feed.status, await feed.text()]).toEqual([200, "<feed/>"]);
    const player = await yt.fetch("https://www.youtube.com/youtubei/v1/player", { method: "POST", body: JSON.stringify({ videoId: "vid1" }) });
    expect(await player.json()).toEqual({ ok: true });
    expect((await yt.fetch("https://www.youtube.com/api/timedtext?v=vid1")).status).toBe(200);
    expect((await yt.fetch("https://www.youtube.com/api/timedtext?v=other")).status).toBe(404);
    expect((await yt.fetch("https://www.youtube.com/watch?v=vid1")).status).toBe(404);
    expect(yt.requests.map((u) => u.pathname)).toEqual(["/feeds/videos.xml", "/youtubei/v1/player", "/api/timedtext", "/api/timedtext", "/watch"]);
  });
});

describe("labError and labRejection", () => {
  const refused = new LabError("bad_input", "no");

  it("return the LabError thrown, and fail when nothing is or another error is", async () => {
    expect(labError(() => { throw refused; })).toBe(refused);
    expect(() => labError(() => 1)).toThrow(/nothing was thrown/);
    expect(() => labError(() => { throw new TypeError("boom"); })).toThrow(TypeError);
    expect(await labRejection(Promise.reject(refused))).toBe(refused);
    await expect(labRejection(Promise.resolve(1))).rejects.toThrow(/the promise resolved/);
    await expect(labRejection(Promise.reject(new TypeError("boom")))).rejects.toThrow(TypeError);
  });
});

describe("tempIngestDeps", () => {
  const { ingestDeps, tempDir } = tempIngestDeps("fakes");
  let dirs: string[] = [];

  it("gives each call its own store and directory, with the letter fake", async () => {
    const [one, two] = [await ingestDeps(), await ingestDeps()];
    expect(one.deps.store).not.toBe(two.deps.store);
    expect(one.deps.embedder.embeddings).toBe(one.fake);
    expect(await one.deps.store.listCollections()).toEqual([]);
    dirs = [tempDir(), tempDir("other")];
    expect(dirs.every((d) => existsSync(d))).toBe(true);
  });

  it("removes the directories after the test", () => {
    expect(dirs).toHaveLength(2);
    expect(dirs.some((d) => existsSync(d))).toBe(false);
  });
});

describe("lib/testing", () => {
  it("has one fake per port: every fake embedder or chat model extends FakeEmbeddings or FakeChatModel", async () => {
    const dir = import.meta.dirname;
    const modules = await Promise.all(
      readdirSync(dir).filter((f) => f.startsWith("fake-") && f.endsWith(".ts")).map((f) => import(path.join(dir, f)) as Promise<Record<string, unknown>>),
    );
    const fakes = modules.flatMap((m) => Object.entries(m)).filter(([name, value]) => name.startsWith("Fake") && typeof value === "function");
    expect(fakes.map(([name]) => name)).toEqual(expect.arrayContaining(["FakeEmbeddings", "FakeLetterEmbeddings", "FakeChatModel"]));
    for (const [name, value] of fakes) {
      const proto = (value as { prototype: object }).prototype;
      if (proto instanceof Embeddings) expect(value === FakeEmbeddings || proto instanceof FakeEmbeddings, name).toBe(true);
      if (proto instanceof BaseChatModel) expect(value, name).toBe(FakeChatModel);
    }
  });
});
