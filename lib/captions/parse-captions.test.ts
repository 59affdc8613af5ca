import { describe, expect, it } from "vitest";
import { fixture } from "./fixtures/helpers";
import { labError } from "@/lib/testing/lab-error";
import { parseCaptions } from "./parse-captions";

describe("parseCaptions", () => {
  it("parses .srt files as SubRip and names the file in errors", () => {
    expect(parseCaptions(fixture("captions.srt"), "talk.SRT")[0].text).toBe("Hello & welcome, everyone.");
    expect(labError(() => parseCaptions(fixture("malformed-timing.srt"), "talk.srt")).message).toMatch(/^talk\.srt: line 6:/);
  });

  it("parses .vtt files as WebVTT", () => {
    expect(parseCaptions(fixture("captions.vtt"), "talk.vtt")).toHaveLength(3);
    expect(labError(() => parseCaptions(fixture("missing-header.vtt"), "talk.vtt")).message).toMatch(/^talk\.vtt: line 1:/);
  });

  it("sniffs WebVTT by its header whatever the extension", () => {
    expect(parseCaptions(fixture("captions.vtt"), "captions.txt")).toHaveLength(3);
    expect(parseCaptions(`\uFEFFWEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nhi`, "upload")).toEqual([
      { startS: 1, endS: 2, text: "hi" },
    ]);
  });

  it("refuses other files with a message naming the file", () => {
    const e = labError(() => parseCaptions(fixture("captions.srt"), "notes.txt"));
    expect(e.code).toBe("bad_input");
    expect(e.message).toMatch(/^notes\.txt: unsupported caption format; expected a \.srt or \.vtt file/);
  });
});
