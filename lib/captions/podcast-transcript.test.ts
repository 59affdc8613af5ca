import { describe, expect, it } from "vitest";
import { fixture } from "./fixtures/helpers";
import { labError } from "@/lib/testing/lab-error";
import { interpolator, parsePodcastTranscript } from "./podcast-transcript";

describe("parsePodcastTranscript", () => {
  // Character positions in the joined text, with its anchors:
  // (0, 0 s), (22, 10 s) "Bob Ray: \[00:10\]", (56, 20 s) the break,
  // (87, 30 s) the unintelligible timecode, (93, 40 s), (108, 50 s) the frame timecode.
  it("makes one cue per paragraph and interpolates times between markers", () => {
    expect(parsePodcastTranscript(fixture("podcast.md"), "podcast.md")).toEqual([
      { startS: 0, endS: 9.545, text: "Ann Lee: Hello there." },
      { startS: 10, endS: 14.706, text: "Bob Ray: Hi Ann." },
      { startS: 15, endS: 19.706, text: "More words here." },
      { startS: 20, endS: 38.333, text: "Ann Lee: It's [unintelligible] fine." },
      { startS: 40, endS: 49.333, text: "Closing words." },
    ]);
  });

  it("reads CRLF files the same way", () => {
    const md = fixture("podcast.md");
    expect(parsePodcastTranscript(md.replace(/\n/g, "\r\n"), "p.md")).toEqual(parsePodcastTranscript(md, "p.md"));
  });

  it("lets a marker at the very start replace the implied 0 s", () => {
    const cues = parsePodcastTranscript("\\[00:10\\] Ten chars. \\[00:20\\]\n\nMore.", "p.md");
    expect(cues).toEqual([
      { startS: 10, endS: 19.091, text: "Ten chars." },
      // Past the last marker, at the pace so far: 10 s for 11 characters.
      { startS: 20, endS: 24.545, text: "More." },
    ]);
  });

  it("falls back to a typical speaking pace when there is a single marker", () => {
    // "Ten chars." spans characters 0-10, "A: Later." 11-20, at 15 characters a second from 10 s.
    const cues = parsePodcastTranscript("\\[00:10\\] Ten chars.\n\n**A:** Later.", "p.md");
    expect(cues.map((c) => [c.startS, c.endS])).toEqual([
      [10, 10.667],
      [10.733, 11.333],
    ]);
  });

  it("rejects a transcript without timestamps or without text", () => {
    expect(labError(() => parsePodcastTranscript("**A:** hello\n\nworld", "ep.md")).message).toBe(
      "ep.md: no timestamps like \\[12:34\\] found, so cue times cannot be estimated",
    );
    expect(labError(() => parsePodcastTranscript("**Break:** \\[01:00\\]\n\n", "ep.md")).message).toBe(
      "ep.md: no transcript text found",
    );
  });
});

describe("interpolator", () => {
  it("is linear between anchors and extrapolates at the average pace", () => {
    const at = interpolator([
      { pos: 0, s: 0 },
      { pos: 100, s: 50 },
      { pos: 200, s: 60 },
    ]);
    expect(at(50)).toBe(25);
    expect(at(150)).toBe(55);
    expect(at(300)).toBe(90);
  });

  it("drops an anchor that would make time run backwards", () => {
    const at = interpolator([
      { pos: 0, s: 0 },
      { pos: 10, s: 10 },
      { pos: 20, s: 5 },
      { pos: 30, s: 30 },
    ]);
    expect(at(20)).toBe(20);
  });
});
