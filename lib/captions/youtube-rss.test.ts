import { describe, expect, it } from "vitest";
import { fakeYouTube } from "@/lib/testing/fake-youtube";
import { fixture } from "./fixtures/helpers";
import { labError, labRejection } from "@/lib/testing/lab-error";
import { fetchChannelFeed, parseChannelFeed } from "./youtube-rss";

const CHANNEL = "UCragcampLabFixture00001";

describe("parseChannelFeed", () => {
  it("reads the channel and its videos, newest first, with entities decoded", () => {
    expect(parseChannelFeed(fixture("channel-feed.xml"))).toEqual({
      channelId: CHANNEL,
      channelTitle: "ragcamp Lab & Friends",
      videos: [
        {
          videoId: "Lab0video01",
          title: "Chunking & overlap, explained",
          published: "2025-03-02T10:00:00+00:00",
          url: "https://www.youtube.com/watch?v=Lab0video01",
        },
        {
          videoId: "Lab0video02",
          title: 'Top-k, and why "similar" is not transitive',
          published: "2025-02-20T10:00:00+00:00",
          url: "https://www.youtube.com/watch?v=Lab0video02",
        },
        {
          videoId: "Lab0video03",
          title: "Studio tour (no captions)",
          published: "2025-02-01T10:00:00+00:00",
          url: "https://www.youtube.com/watch?v=Lab0video03",
        },
      ],
    });
  });

  it("keeps a channel id that already has its UC prefix, and numeric-looking ids as strings", () => {
    const xml = `<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns="http://www.w3.org/2005/Atom">
      <yt:channelId>${CHANNEL}</yt:channelId><title>T</title>
      <entry><yt:videoId>12345678901</yt:videoId><title>Only one</title><published>2025-01-01T00:00:00+00:00</published></entry>
    </feed>`;
    const feed = parseChannelFeed(xml);
    expect(feed.channelId).toBe(CHANNEL);
    expect(feed.videos).toEqual([
      {
        videoId: "12345678901",
        title: "Only one",
        published: "2025-01-01T00:00:00+00:00",
        url: "https://www.youtube.com/watch?v=12345678901",
      },
    ]);
  });

  it("reads a channel without uploads as an empty list", () => {
    const feed = parseChannelFeed(
      `<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015"><yt:channelId>${CHANNEL}</yt:channelId><title>Quiet</title></feed>`,
    );
    expect(feed).toEqual({ channelId: CHANNEL, channelTitle: "Quiet", videos: [] });
  });

  it("rejects XML that is not well-formed", () => {
    const e = labError(() => parseChannelFeed(fixture("feed-malformed.xml")));
    expect(e.code).toBe("bad_input");
    expect(e.message).toMatch(/^channel feed: not well-formed XML/);
  });

  it("rejects well-formed XML that is not a channel feed", () => {
    const e = labError(() => parseChannelFeed("<html><body>Sign in</body></html>"));
    expect(e.message).toMatch(/^channel feed: not a YouTube channel feed/);
  });
});

describe("fetchChannelFeed", () => {
  it("fetches the channel's feed URL and keeps the newest `limit` videos", async () => {
    const yt = fakeYouTube({ feeds: { [CHANNEL]: fixture("channel-feed.xml") } });
    const feed = await fetchChannelFeed(CHANNEL, { fetch: yt.fetch, limit: 2 });
    expect(feed.videos.map((v) => v.videoId)).toEqual(["Lab0video01", "Lab0video02"]);
    expect(yt.requests.map(String)).toEqual([`https://www.youtube.com/feeds/videos.xml?channel_id=${CHANNEL}`]);
  });

  it("maps a 404 to not_found naming the channel", async () => {
    const yt = fakeYouTube({});
    const e = await labRejection(fetchChannelFeed("UCnobodyHasThisChannel00", { fetch: yt.fetch }));
    expect(e.code).toBe("not_found");
    expect(e.message).toBe("unknown channel id UCnobodyHasThisChannel00: YouTube has no channel feed for it");
  });

  it("checks the id and the limit before going to the network", async () => {
    const yt = fakeYouTube({ feeds: { [CHANNEL]: fixture("channel-feed.xml") } });
    expect((await labRejection(fetchChannelFeed("@ragcamp", { fetch: yt.fetch }))).code).toBe("bad_input");
    expect((await labRejection(fetchChannelFeed(CHANNEL, { fetch: yt.fetch, limit: 0 }))).code).toBe("bad_input");
    expect(yt.requests).toEqual([]);
  });

  it("reports other HTTP failures and network errors as unavailable", async () => {
    const failing = async () => new Response("oops", { status: 500 });
    const e = await labRejection(fetchChannelFeed(CHANNEL, { fetch: failing }));
    expect(e.code).toBe("unavailable");
    expect(e.message).toBe(`feed of channel ${CHANNEL}: YouTube answered HTTP 500`);

    const offline = async () => {
      throw new TypeError("fetch failed");
    };
    const e2 = await labRejection(fetchChannelFeed(CHANNEL, { fetch: offline }));
    expect(e2.code).toBe("unavailable");
    expect(e2.message).toBe(`feed of channel ${CHANNEL}: could not reach YouTube (fetch failed)`);
  });

  it("reports a request that times out as timeout", async () => {
    const slow = async () => {
      throw new DOMException("The operation was aborted due to timeout", "TimeoutError");
    };
    expect((await labRejection(fetchChannelFeed(CHANNEL, { fetch: slow }))).code).toBe("timeout");
  });
});
