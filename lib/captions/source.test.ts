import { describe, expect, it } from "vitest";
import { fakeYouTube } from "@/lib/testing/fake-youtube";
import { fixture } from "./fixtures/helpers";
import { labRejection } from "@/lib/testing/lab-error";
import { datasetSource, youtubeSource } from "./source";

const CHANNEL = "UCragcampLabFixture00001";

describe("youtubeSource", () => {
  const feedXml = fixture("channel-feed.xml");
  const routes = {
    feeds: { [CHANNEL]: feedXml },
    players: {
      Lab0video01: fixture("player-ok.json"),
      // The second video's player response is the first's with its own id and title.
      Lab0video02: fixture("player-ok.json").replaceAll("Lab0video01", "Lab0video02").replace(
        "Chunking & overlap, explained",
        "Top-k",
      ),
      Lab0video03: fixture("player-no-captions.json"),
    },
    tracks: { Lab0video01: fixture("track.json3.json"), Lab0video02: fixture("track.json3.json") },
  };

  it("lists a channel's newest videos with captions, skipping those without", async () => {
    const docs = await youtubeSource({ fetch: fakeYouTube(routes).fetch }).listChannel(CHANNEL, 3);
    expect(docs.map((d) => [d.id, d.title, d.cues.length])).toEqual([
      ["youtube:Lab0video01", "Chunking & overlap, explained", 2],
      ["youtube:Lab0video02", "Top-k", 2],
    ]);
  });

  it("fetches captions only for the newest `limit` videos", async () => {
    const yt = fakeYouTube(routes);
    const docs = await youtubeSource({ fetch: yt.fetch }).listChannel(CHANNEL, 1);
    expect(docs.map((d) => d.videoId)).toEqual(["Lab0video01"]);
    expect(yt.requests.filter((u) => u.pathname === "/api/timedtext")).toHaveLength(1);
  });

  it("says so when none of the listed videos has captions", async () => {
    const onlySilent = { ...routes, feeds: { [CHANNEL]: feedXml.replace(/<entry>[\s\S]*<entry>/, "<entry>") } };
    const e = await labRejection(youtubeSource({ fetch: fakeYouTube(onlySilent).fetch }).listChannel(CHANNEL, 5));
    expect(e.code).toBe("not_found");
    expect(e.message).toBe(`none of the 1 newest videos of channel ${CHANNEL} (ragcamp Lab & Friends) has captions`);
  });

  it("lets failures other than missing captions through", async () => {
    const broken = { ...routes, tracks: { Lab0video01: "" } };
    const e = await labRejection(youtubeSource({ fetch: fakeYouTube(broken).fetch }).listChannel(CHANNEL, 3));
    expect(e.code).toBe("unavailable");
  });

  it("rejects a bad limit before any request", async () => {
    const yt = fakeYouTube(routes);
    expect((await labRejection(youtubeSource({ fetch: yt.fetch }).listChannel(CHANNEL, 0))).code).toBe("bad_input");
    expect(yt.requests).toEqual([]);
  });

  it("fetches a single video", async () => {
    const doc = await youtubeSource({ fetch: fakeYouTube(routes).fetch }).video("Lab0video02");
    expect(doc.url).toBe("https://www.youtube.com/watch?v=Lab0video02");
  });
});

describe("datasetSource", () => {
  const source = datasetSource();

  it("treats a dataset name as a channel", async () => {
    const talks = await source.listChannel("google-talks", 2);
    expect(talks).toHaveLength(2);
    expect(talks.every((d) => d.channel === "Google")).toBe(true);
    expect(await source.listChannel("practical-ai", 50)).toHaveLength(12);
  });

  it("rejects an unknown channel, naming the datasets", async () => {
    const e = await labRejection(source.listChannel(CHANNEL, 5));
    expect(e.code).toBe("not_found");
    expect(e.message).toMatch(/valid names: google-talks, practical-ai$/);
  });

  it("finds a talk by its YouTube id", async () => {
    const doc = await source.video("hQVTIJBZook");
    expect(doc.title).toBe("JavaScript: The Good Parts");
  });

  it("says which videos it cannot serve offline", async () => {
    const e = await labRejection(source.video("dQw4w9WgXcQ"));
    expect(e.code).toBe("not_found");
    expect(e.message).toBe("video dQw4w9WgXcQ is not in the offline datasets (google-talks, practical-ai)");
    expect((await labRejection(source.video("nope"))).code).toBe("bad_input");
  });
});
