import { describe, expect, it, vi } from "vitest";
import { Innertube } from "youtubei.js";
import { fakeYouTube } from "@/lib/testing/fake-youtube";
import { fixture } from "./fixtures/helpers";
import { labError, labRejection } from "@/lib/testing/lab-error";
import { parseJson3Track, pickCaptionTrack, youtubeCaptions } from "./youtube-captions";

describe("parseJson3Track", () => {
  it("turns events with text into cues and skips window and line-break events", () => {
    expect(parseJson3Track(fixture("track.json3.json"), "track")).toEqual([
      { startS: 0.16, endS: 4.24, text: "welcome to the lab" },
      { startS: 2.24, endS: 5.74, text: "today we talk about retrieval" },
    ]);
  });

  it("rejects a body that is not JSON, or JSON of another shape", () => {
    expect(labError(() => parseJson3Track("<transcript/>", "captions of video X")).message).toBe(
      "captions of video X: not a json3 caption track (the body is not JSON)",
    );
    const e = labError(() => parseJson3Track('{"events":[{"tStartMs":"soon"}]}', "t"));
    expect(e.code).toBe("bad_input");
    expect(e.message).toMatch(/^t: not a json3 caption track: .*tStartMs/s);
  });

  it("rejects a track without any text", () => {
    expect(labError(() => parseJson3Track('{"events":[{"tStartMs":0,"dDurationMs":5}]}', "t")).message).toBe(
      "t: no caption cues found",
    );
  });
});

describe("pickCaptionTrack", () => {
  const de = { language_code: "de" };
  const deAsr = { language_code: "de", kind: "asr" };
  const en = { language_code: "en-US" };
  const enAsr = { language_code: "en", kind: "asr" };

  it("prefers human English, then auto-generated English, then any human track, then anything", () => {
    expect(pickCaptionTrack([deAsr, de, enAsr, en])).toBe(en);
    expect(pickCaptionTrack([deAsr, de, enAsr])).toBe(enAsr);
    expect(pickCaptionTrack([deAsr, de])).toBe(de);
    expect(pickCaptionTrack([deAsr])).toBe(deAsr);
    expect(pickCaptionTrack([])).toBeUndefined();
  });

  it("does not take a language that merely starts with the letters 'en'", () => {
    const enm = { language_code: "enm" };
    expect(pickCaptionTrack([enm, enAsr])).toBe(enAsr);
  });
});

describe("youtubeCaptions", () => {
  const routes = {
    players: {
      Lab0video01: fixture("player-ok.json"),
      Lab0video03: fixture("player-no-captions.json"),
      Gone0000000: fixture("player-unknown-video.json"),
      Bot00000000: fixture("player-login-required.json"),
    },
    tracks: { Lab0video01: fixture("track.json3.json") },
  };

  it("finds the tracks through youtubei.js and fetches the English human track as json3", async () => {
    const yt = fakeYouTube(routes);
    const doc = await youtubeCaptions({ fetch: yt.fetch })("Lab0video01");
    expect(doc).toEqual({
      id: "youtube:Lab0video01",
      videoId: "Lab0video01",
      title: "Chunking & overlap, explained",
      channel: "ragcamp Lab & Friends",
      url: "https://www.youtube.com/watch?v=Lab0video01",
      timing: "exact",
      cues: [
        { startS: 0.16, endS: 4.24, text: "welcome to the lab" },
        { startS: 2.24, endS: 5.74, text: "today we talk about retrieval" },
      ],
      attribution: {
        source: "YouTube",
        licence: "YouTube Terms of Service (the uploader's licence applies)",
        licenceUrl: "https://www.youtube.com/t/terms",
        credit: 'Captions of "Chunking & overlap, explained" by ragcamp Lab & Friends on YouTube',
      },
    });
    // Nothing but the player request and the chosen track went out.
    expect(yt.requests.map((u) => u.pathname)).toEqual(["/youtubei/v1/player", "/api/timedtext"]);
    const track = yt.requests[1].searchParams;
    expect([track.get("lang"), track.get("fmt")]).toEqual(["en-GB", "json3"]);
  });

  it("creates one InnerTube session for several videos", async () => {
    const create = vi.spyOn(Innertube, "create");
    try {
      const captions = youtubeCaptions({ fetch: fakeYouTube(routes).fetch });
      await captions("Lab0video01");
      await captions("Lab0video01");
      expect(create).toHaveBeenCalledTimes(1);
    } finally {
      create.mockRestore();
    }
  });

  it("rejects a malformed video id before any request", async () => {
    const yt = fakeYouTube(routes);
    const e = await labRejection(youtubeCaptions({ fetch: yt.fetch })("not a video"));
    expect(e.code).toBe("bad_input");
    expect(yt.requests).toEqual([]);
  });

  it("reports an unknown video as not_found with YouTube's reason", async () => {
    const e = await labRejection(youtubeCaptions({ fetch: fakeYouTube(routes).fetch })("Gone0000000"));
    expect(e.code).toBe("not_found");
    expect(e.message).toBe('unknown video Gone0000000: YouTube says "Video unavailable"');
  });

  it("reports a video without captions as not_found", async () => {
    const e = await labRejection(youtubeCaptions({ fetch: fakeYouTube(routes).fetch })("Lab0video03"));
    expect(e.code).toBe("not_found");
    expect(e.message).toBe("video Lab0video03 has no captions, neither English nor in any other language");
  });

  it("reports a video YouTube will not serve as unavailable, with the reason", async () => {
    const e = await labRejection(youtubeCaptions({ fetch: fakeYouTube(routes).fetch })("Bot00000000"));
    expect(e.code).toBe("unavailable");
    expect(e.message).toBe("video Bot00000000: YouTube would not serve it (LOGIN_REQUIRED: Sign in to confirm you're not a bot)");
  });

  it("reports an empty caption track as unavailable rather than as an empty transcript", async () => {
    const yt = fakeYouTube({ ...routes, tracks: { Lab0video01: "" } });
    const e = await labRejection(youtubeCaptions({ fetch: yt.fetch })("Lab0video01"));
    expect(e.code).toBe("unavailable");
    expect(e.message).toMatch(/^captions of video Lab0video01: YouTube sent an empty caption track/);
  });

  it("reports a network failure as unavailable", async () => {
    const offline = async () => {
      throw new TypeError("fetch failed");
    };
    const e = await labRejection(youtubeCaptions({ fetch: offline })("Lab0video01"));
    expect(e.code).toBe("unavailable");
    expect(e.message).toBe("video Lab0video01: could not reach YouTube (fetch failed)");
  });
});
