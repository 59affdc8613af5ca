import { describe, expect, it } from "vitest";
import { fixture } from "./fixtures/helpers";
import { labError } from "@/lib/testing/lab-error";
import { parseVtt } from "./vtt";

describe("parseVtt", () => {
  it("skips header metadata, NOTE, STYLE and REGION blocks and reads cues with ids and settings", () => {
    expect(parseVtt(fixture("captions.vtt"))).toEqual([
      { startS: 0.5, endS: 2, text: "Welcome to the lab" },
      { startS: 2, endS: 4, text: "We're 'live' on two lines" },
      { startS: 3723.004, endS: 3725, text: "Late cue & more" },
    ]);
  });

  it("gives the same cues with a BOM, CRLF line ends and no final newline", () => {
    const lf = fixture("captions.vtt");
    const expected = parseVtt(lf);
    expect(parseVtt(`\uFEFF${lf.replace(/\n/g, "\r\n")}`)).toEqual(expected);
    expect(parseVtt(lf.trimEnd())).toEqual(expected);
  });

  it("accepts a bare WEBVTT header", () => {
    expect(parseVtt("WEBVTT\n\n00:01.000 --> 00:02.000\nhi")).toEqual([{ startS: 1, endS: 2, text: "hi" }]);
  });

  it("requires the WEBVTT header", () => {
    const e = labError(() => parseVtt(fixture("missing-header.vtt"), { source: "talk.vtt" }));
    expect(e.code).toBe("bad_input");
    expect(e.message).toBe('talk.vtt: line 1: expected the header "WEBVTT", got "00:00:00.500 --> 00:00:02.000"');
  });

  it("does not take WEBVTTX for a header", () => {
    expect(labError(() => parseVtt("WEBVTTX\n\n00:01.000 --> 00:02.000\nhi")).message).toMatch(/expected the header/);
  });

  it("names the line of a malformed timing line", () => {
    const e = labError(() => parseVtt(fixture("malformed-timing.vtt"), { source: "talk.vtt" }));
    expect(e.message).toBe(
      'talk.vtt: line 6: expected a timing line like 00:00:01.000 --> 00:00:02.500, got "00:00:02.000 --> 00:00:04"',
    );
  });

  it("reports an identifier line with no timing line after it", () => {
    const e = labError(() => parseVtt("WEBVTT\n\nintro\nHello without times\n", { source: "t.vtt" }));
    expect(e.message).toMatch(/^t\.vtt: line 4: expected a timing line like .*, got "Hello without times"$/);
  });

  it("rejects a cue that ends before it starts, naming its identifier", () => {
    const e = labError(() => parseVtt("WEBVTT\n\nc7\n00:05.000 --> 00:04.000\ntext\n", { source: "t.vtt" }));
    expect(e.message).toBe("t.vtt: line 4 (cue c7): cue ends at 4 s, before it starts at 5 s");
  });

  it.each([
    ["an empty file", ""],
    ["a header alone", "WEBVTT\nKind: captions\n"],
    ["only notes", "WEBVTT\n\nNOTE nothing to see\n"],
  ])("rejects %s as having no cues", (_, text) => {
    expect(labError(() => parseVtt(text, { source: "t.vtt" })).message).toBe("t.vtt: no caption cues found");
  });
});
