/** Identifiers and counts users pass in, checked before any network call, and the URLs built from them. */
import { LabError } from "@/lib/errors";

export const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;
const CHANNEL_ID = /^UC[A-Za-z0-9_-]{22}$/;

export function assertVideoId(videoId: string): void {
  if (!VIDEO_ID.test(videoId)) {
    throw new LabError(
      "bad_input",
      `invalid YouTube video id ${JSON.stringify(videoId)}: expected 11 characters from A-Z, a-z, 0-9, "_" and "-" (the v= part of a watch URL)`,
    );
  }
}

export function assertChannelId(channelId: string): void {
  if (!CHANNEL_ID.test(channelId)) {
    throw new LabError(
      "bad_input",
      `invalid YouTube channel id ${JSON.stringify(channelId)}: expected "UC" followed by 22 characters from A-Z, a-z, 0-9, "_" and "-" (a handle like @name is not a channel id)`,
    );
  }
}

/** How many videos to take from a channel. */
export function assertLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new LabError("bad_input", `invalid limit ${limit}: expected a whole number of videos, at least 1`);
  }
}

export function watchUrl(videoId: string): string {
  return `https://www.youtube.com/watch?v=${videoId}`;
}
