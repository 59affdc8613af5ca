import { describe, expect, it } from "vitest";
import { fixture } from "./fixtures/helpers";
import { labError } from "@/lib/testing/lab-error";
import { parseSrt } from "./srt";

describe("parseSrt", () => {
  it("reads numbered and unnumbered cues, strips tags, decodes entities and joins lines", () => {
    expect(parseSrt(fixture("captions.srt"))).toEqual([
      { startS: 1, endS: 2.5, text: "Hello & welcome, everyone." },
      { startS: 2.5, endS: 4, text: "This cue has no number." },
      { startS: 4, endS: 5.25, text: "Coordinates after the times <are> ignored." },
      { startS: 65, endS: 3600, text: "A long last cue" },
    ]);
  });

  it("gives the same cues with a BOM, CRLF or CR line ends and a trailing blank line", () => {
    const lf = fixture("captions.srt");
    const expected = parseSrt(lf);
    expect(parseSrt(`\uFEFF${lf}`)).toEqual(expected);
    expect(parseSrt(lf.replace(/\n/g, "\r\n"))).toEqual(expected);
    expect(parseSrt(lf.replace(/\n/g, "\r"))).toEqual(expected);
    expect(parseSrt(`${lf}\n\n\n`)).toEqual(expected);
  });

  it("keeps millisecond precision without float drift", () => {
    const [cue] = parseSrt("1\n00:00:01,100 --> 00:00:02,300\nx\n");
    expect(cue.startS).toBe(1.1);
    expect(cue.endS).toBe(2.3);
  });

  it("skips cues whose text is empty after removing tags", () => {
    const cues = parseSrt("1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n\n2\n00:00:02,000 --> 00:00:03,000\nwords\n");
    expect(cues).toEqual([{ startS: 2, endS: 3, text: "words" }]);
  });

  it("adds offsetS to every time", () => {
    const cues = parseSrt(fixture("hour-offset.srt"), { offsetS: -3600 });
    expect(cues.map((c) => [c.startS, c.endS])).toEqual([
      [2.801, 5.234],
      [5.234, 7.534],
    ]);
  });

  it("refuses an offset that moves a cue before zero", () => {
    const e = labError(() => parseSrt(fixture("captions.srt"), { offsetS: -2, source: "talk.srt" }));
    expect(e.code).toBe("bad_input");
    expect(e.message).toMatch(/^talk\.srt: an offset of -2 s moves cue 1 \(at 1 s\) before the start/);
  });

  it("names the file and line of a malformed timing line", () => {
    const e = labError(() => parseSrt(fixture("malformed-timing.srt"), { source: "captions.srt" }));
    expect(e.code).toBe("bad_input");
    expect(e.status).toBe(400);
    expect(e.message).toBe(
      'captions.srt: line 6: expected a timing line like 00:00:01,000 --> 00:00:02,500, got "00:00:02,500 -> 00:00:04,000"',
    );
  });

  it.each([
    ["minutes over 59", "00:61:00,000 --> 00:62:00,000"],
    ["no milliseconds", "00:00:01 --> 00:00:02"],
    ["words instead of times", "one --> two"],
  ])("rejects a timing line with %s", (_, line) => {
    expect(labError(() => parseSrt(`1\n${line}\ntext\n`)).message).toMatch(/^SRT captions: line 2: expected a timing line/);
  });

  it("rejects a cue that ends before it starts, naming line and cue number", () => {
    const e = labError(() => parseSrt(fixture("end-before-start.srt"), { source: "x.srt" }));
    expect(e.message).toBe("x.srt: line 6 (cue 2): cue ends at 4 s, before it starts at 9 s");
  });

  it("reports a blank line inside cue text where the stray text starts", () => {
    const e = labError(() => parseSrt(fixture("blank-line-in-text.srt"), { source: "x.srt" }));
    expect(e.message).toMatch(/^x\.srt: line 5: expected a cue number or a timing line .*, got "has a blank line in it\."$/);
  });

  it("reports a cue number with no timing line after it", () => {
    const e = labError(() => parseSrt("1\n00:00:01,000 --> 00:00:02,000\nfine\n\n2\n", { source: "x.srt" }));
    expect(e.message).toBe('x.srt: line 6: expected a timing line like 00:00:01,000 --> 00:00:02,500 after cue "2"');
  });

  it.each([
    ["an empty file", ""],
    ["only a BOM and blank lines", "\uFEFF\n\n \n"],
    ["cues without text", "1\n00:00:01,000 --> 00:00:02,000\n\n"],
  ])("rejects %s as having no cues", (_, text) => {
    const e = labError(() => parseSrt(text, { source: "empty.srt" }));
    expect(e.code).toBe("bad_input");
    expect(e.message).toBe("empty.srt: no caption cues found");
  });
});
