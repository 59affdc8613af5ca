/**
 * A video's captions from YouTube: youtubei.js finds the caption tracks
 * (InnerTube /player), then the chosen track is fetched as json3 from its
 * timedtext URL. Every request goes through the injected fetch.
 */
import { Innertube, Utils } from "youtubei.js";
import { z } from "zod";
import { LabError } from "@/lib/errors";
import { requireCues } from "./cue-blocks";
import { collapseSpace } from "./cue-text";
import { get, networkError, withTimeout, type FetchFn } from "./http";
import { assertVideoId, watchUrl } from "./inputs";
import type { CaptionDocument, Cue } from "./types";

/** The part of youtubei.js's CaptionTrackData that choosing a track needs. */
export interface CaptionTrackChoice {
  language_code: string;
  kind?: string;
}

/** English before other languages; within each, human-made before auto-generated ("asr"). */
export function pickCaptionTrack<T extends CaptionTrackChoice>(tracks: readonly T[]): T | undefined {
  const rank = (t: T) => (/^en\b/i.test(t.language_code) ? 0 : 2) + (t.kind === "asr" ? 1 : 0);
  return [...tracks].sort((a, b) => rank(a) - rank(b))[0];
}

const json3Schema = z.object({
  events: z.array(
    z.object({
      tStartMs: z.number(),
      dDurationMs: z.number().optional(),
      segs: z.array(z.object({ utf8: z.string() })).optional(),
    }),
  ),
});

/**
 * Cues of a timedtext track in json3 format: `{events: [{tStartMs,
 * dDurationMs, segs: [{utf8}]}]}`. Events without text (window setup,
 * line breaks of auto-generated tracks) are skipped.
 */
export function parseJson3Track(body: string, source: string): Cue[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new LabError("bad_input", `${source}: not a json3 caption track (the body is not JSON)`);
  }
  const track = json3Schema.safeParse(json);
  if (!track.success) {
    throw new LabError("bad_input", `${source}: not a json3 caption track: ${z.prettifyError(track.error)}`);
  }
  const cues = track.data.events.flatMap((event): Cue[] => {
    const text = collapseSpace((event.segs ?? []).map((seg) => seg.utf8).join(""));
    if (!text) return [];
    return [{ startS: event.tStartMs / 1000, endS: (event.tStartMs + (event.dDurationMs ?? 0)) / 1000, text }];
  });
  return requireCues(cues, source);
}

/** What getBasicInfo throws for a video id YouTube does not know. */
const unplayable = z.object({ status: z.literal("ERROR"), reason: z.string().optional() });

export interface YouTubeCaptionsOptions {
  /** Used for every request, InnerTube's included; defaults to the global fetch. */
  fetch?: FetchFn;
}

/** Returns a function that fetches one video's captions as a CaptionDocument. */
export function youtubeCaptions(options: YouTubeCaptionsOptions = {}): (videoId: string) => Promise<CaptionDocument> {
  const fetchFn = options.fetch ?? fetch;
  let session: Promise<Innertube> | undefined;

  // One InnerTube session serves every video. It is built locally (no
  // request) and without the JS player, which only deciphers media URLs.
  function innertube(): Promise<Innertube> {
    if (!session) {
      session = Innertube.create({
        fetch: withTimeout(fetchFn),
        generate_session_locally: true,
        retrieve_player: false,
        retrieve_innertube_config: false,
      });
      session.catch(() => (session = undefined));
    }
    return session;
  }

  return async (videoId) => {
    assertVideoId(videoId);
    const what = `video ${videoId}`;
    const info = await (await innertube()).getBasicInfo(videoId).catch((e: unknown) => {
      throw videoInfoError(e, videoId);
    });

    const track = pickCaptionTrack(info.captions?.caption_tracks ?? []);
    if (!track) {
      const playability = info.playability_status;
      if (playability && playability.status !== "OK") {
        const reason = playability.reason || "no reason given";
        throw new LabError("unavailable", `${what}: YouTube would not serve it (${playability.status}: ${reason})`);
      }
      throw new LabError("not_found", `${what} has no captions, neither English nor in any other language`);
    }

    const title = info.basic_info.title ?? videoId;
    const channel = info.basic_info.author ?? "YouTube";
    return {
      id: `youtube:${videoId}`,
      videoId,
      title,
      channel,
      url: watchUrl(videoId),
      timing: "exact",
      cues: await fetchJson3Track(fetchFn, track.base_url, `captions of ${what}`),
      attribution: {
        source: "YouTube",
        licence: "YouTube Terms of Service (the uploader's licence applies)",
        licenceUrl: "https://www.youtube.com/t/terms",
        credit: `Captions of "${title}" by ${channel} on YouTube${track.kind === "asr" ? " (auto-generated)" : ""}`,
      },
    };
  };
}

function videoInfoError(e: unknown, videoId: string): LabError {
  const status = e instanceof Utils.InnertubeError ? unplayable.safeParse(e.info) : undefined;
  if (status?.success) {
    return new LabError("not_found", `unknown video ${videoId}: YouTube says "${status.data.reason ?? "unavailable"}"`);
  }
  return networkError(e, `video ${videoId}`);
}

async function fetchJson3Track(fetchFn: FetchFn, baseUrl: string, what: string): Promise<Cue[]> {
  const url = new URL(baseUrl, "https://www.youtube.com");
  url.searchParams.set("fmt", "json3");
  const response = await get(fetchFn, url.href, what);
  if (!response.ok) throw new LabError("unavailable", `${what}: YouTube answered HTTP ${response.status}`);
  const body = await response.text();
  if (!body.trim()) {
    // YouTube has begun to answer some clients with an empty track unless
    // the request carries a proof-of-origin token.
    throw new LabError(
      "unavailable",
      `${what}: YouTube sent an empty caption track (it may be asking for a proof-of-origin token); try again later or use an offline dataset`,
    );
  }
  return parseJson3Track(body, what);
}
