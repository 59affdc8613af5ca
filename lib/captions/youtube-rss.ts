/** A channel's latest uploads from its public Atom feed (no API key; YouTube lists the newest 15). */
import { XMLParser } from "fast-xml-parser";
import { z } from "zod";
import { LabError } from "@/lib/errors";
import { get, type FetchFn } from "./http";
import { assertChannelId, assertLimit, watchUrl } from "./inputs";

export interface ChannelVideo {
  videoId: string;
  title: string;
  /** ISO 8601 timestamp, as the feed gives it. */
  published: string;
  url: string;
}

export interface ChannelFeed {
  channelId: string;
  channelTitle: string;
  videos: ChannelVideo[];
}

export function channelFeedUrl(channelId: string): string {
  return `https://www.youtube.com/feeds/videos.xml?channel_id=${channelId}`;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  // Ids such as "1234" must stay strings.
  parseTagValue: false,
  isArray: (name) => name === "entry" || name === "link",
});

const link = z.object({ "@rel": z.string().optional(), "@href": z.string() });
const text = z.string().default("");

const feedSchema = z.object({
  feed: z.object({
    "yt:channelId": z.string(),
    title: text,
    entry: z
      .array(
        z.object({
          "yt:videoId": z.string(),
          title: text,
          published: z.string(),
          link: z.array(link).default([]),
        }),
      )
      .default([]),
  }),
});

/** Reads the Atom feed of https://www.youtube.com/feeds/videos.xml?channel_id=... */
export function parseChannelFeed(xml: string): ChannelFeed {
  let raw: unknown;
  try {
    raw = parser.parse(xml, true);
  } catch (e) {
    throw new LabError("bad_input", `channel feed: not well-formed XML (${e instanceof Error ? e.message : String(e)})`);
  }
  const parsed = feedSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LabError(
      "bad_input",
      `channel feed: not a YouTube channel feed (expected <feed> with <yt:channelId> and <entry> elements): ${z.prettifyError(parsed.error)}`,
    );
  }
  const { feed } = parsed.data;
  return {
    channelId: fullChannelId(feed["yt:channelId"]),
    channelTitle: feed.title,
    videos: feed.entry.map((entry) => ({
      videoId: entry["yt:videoId"],
      title: entry.title,
      published: entry.published,
      url: entry.link.find((l) => l["@rel"] === "alternate")?.["@href"] ?? watchUrl(entry["yt:videoId"]),
    })),
  };
}

/** Since late 2023 the feed-level id comes without its "UC" prefix (see gpodder/gpodder#1587). */
function fullChannelId(id: string): string {
  return id.length === 22 ? `UC${id}` : id;
}

export interface FetchChannelFeedOptions {
  fetch?: FetchFn;
  /** Keep only the newest `limit` videos. */
  limit?: number;
}

/** Fetches and parses a channel's feed; the id is checked before anything goes over the network. */
export async function fetchChannelFeed(channelId: string, options: FetchChannelFeedOptions = {}): Promise<ChannelFeed> {
  assertChannelId(channelId);
  if (options.limit !== undefined) assertLimit(options.limit);
  const what = `feed of channel ${channelId}`;
  const response = await get(options.fetch ?? fetch, channelFeedUrl(channelId), what);
  if (response.status === 404) {
    throw new LabError("not_found", `unknown channel id ${channelId}: YouTube has no channel feed for it`);
  }
  if (!response.ok) throw new LabError("unavailable", `${what}: YouTube answered HTTP ${response.status}`);
  const feed = parseChannelFeed(await response.text());
  return { ...feed, videos: feed.videos.slice(0, options.limit) };
}
