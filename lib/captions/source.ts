/**
 * One interface over where transcripts come from: YouTube when online, the
 * shipped datasets offline. Both return the same CaptionDocuments.
 */
import { isLabError, LabError } from "@/lib/errors";
import { assertDatasetName, DATASET_NAMES, loadDataset, type DatasetOptions } from "./datasets";
import type { FetchFn } from "./http";
import { assertLimit, assertVideoId } from "./inputs";
import type { CaptionDocument } from "./types";
import { youtubeCaptions } from "./youtube-captions";
import { fetchChannelFeed } from "./youtube-rss";

export interface CaptionSource {
  /** Transcripts of a channel's newest videos, at most `limit`; videos without captions are skipped. */
  listChannel(channelId: string, limit: number): Promise<CaptionDocument[]>;
  video(videoId: string): Promise<CaptionDocument>;
}

/** Live YouTube: the channel's RSS feed, then each video's captions, one request at a time. */
export function youtubeSource(options: { fetch?: FetchFn } = {}): CaptionSource {
  const video = youtubeCaptions(options);
  return {
    video,
    async listChannel(channelId, limit) {
      assertLimit(limit);
      const feed = await fetchChannelFeed(channelId, { fetch: options.fetch, limit });
      const documents: CaptionDocument[] = [];
      for (const { videoId } of feed.videos) {
        try {
          documents.push(await video(videoId));
        } catch (e) {
          // A feed video we cannot find captions for is "no captions"; anything else is a real failure.
          if (!(isLabError(e) && e.code === "not_found")) throw e;
        }
      }
      if (feed.videos.length > 0 && documents.length === 0) {
        throw new LabError(
          "not_found",
          `none of the ${feed.videos.length} newest videos of channel ${channelId} (${feed.channelTitle}) has captions`,
        );
      }
      return documents;
    },
  };
}

/**
 * The shipped datasets behind the same interface: a dataset name
 * ("google-talks", "practical-ai") stands in for a channel id, and `video`
 * finds a talk by its YouTube id.
 */
export function datasetSource(options: DatasetOptions = {}): CaptionSource {
  return {
    async listChannel(name, limit) {
      assertLimit(limit);
      assertDatasetName(name);
      return (await loadDataset(name, options)).slice(0, limit);
    },
    async video(videoId) {
      assertVideoId(videoId);
      for (const name of DATASET_NAMES) {
        const found = (await loadDataset(name, options)).find((doc) => doc.videoId === videoId);
        if (found) return found;
      }
      throw new LabError("not_found", `video ${videoId} is not in the offline datasets (${DATASET_NAMES.join(", ")})`);
    },
  };
}
