import { describe, expect, it } from "vitest";
import { ingest } from "@/lib/ingest/pipeline";
import { labError, labRejection } from "@/lib/testing/lab-error";
import { tempIngestDeps } from "@/lib/testing/temp-ingest-deps";
import { loadDataset } from "./datasets";
import { parseSrt } from "./srt";
import { decodeCaptionBytes } from "./text-check";
import { parseVtt } from "./vtt";

const SRT = "1\n00:00:01,000 --> 00:00:03,000\nCafé au lait\n\n2\n00:00:03,000 --> 00:00:05,000\nnaïve résumé\n";

function utf16(text: string, bigEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes[2 + 2 * i + (bigEndian ? 0 : 1)] = unit >> 8;
    bytes[2 + 2 * i + (bigEndian ? 1 : 0)] = unit & 0xff;
  }
  return bytes;
}

describe("decodeCaptionBytes", () => {
  it("decodes UTF-8, and UTF-8, UTF-16 LE and UTF-16 BE with a BOM, to the same cues", () => {
    const expected = parseSrt(SRT);
    const encodings = [
      Buffer.from(SRT, "utf8"),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SRT, "utf8")]),
      utf16(SRT, false),
      utf16(SRT, true),
    ];
    for (const bytes of encodings) expect(parseSrt(decodeCaptionBytes(bytes, "talk.srt"))).toEqual(expected);
    expect(expected[0].text).toBe("Café au lait");
  });

  it("refuses Latin-1 naming the first bad line", () => {
    const error = labError(() => decodeCaptionBytes(Buffer.from(SRT, "latin1"), "talk.srt"));
    expect(error.code).toBe("bad_input");
    expect(error.message).toBe("talk.srt: line 3: not valid UTF-8; save the file as UTF-8");
  });

  it("refuses a lone surrogate in UTF-16, naming its line", () => {
    const bytes = utf16("WEBVTT\n\n00:01.000 --> 00:02.000\nok\n\uD800\n", false);
    expect(labError(() => decodeCaptionBytes(bytes, "t.vtt")).message).toMatch(/^t\.vtt: line 5: not valid UTF-16LE/);
  });
});

describe("caption text checks in the SRT and WebVTT parsers", () => {
  it("refuses NUL and other control characters with line and column, but keeps tabs", () => {
    const nul = labError(() => parseSrt("1\n00:00:01,000 --> 00:00:02,000\nab\u0000cd\n", { source: "x.srt" }));
    expect(nul.message).toBe("x.srt: line 3, column 3: control character U+0000 is not caption text");
    const bell = labError(() => parseVtt("WEBVTT\n\n00:01.000 --> 00:02.000\n\u0007ring\n", { source: "x.vtt" }));
    expect(bell.message).toMatch(/^x\.vtt: line 4, column 1: control character U\+0007/);
    expect(parseSrt("1\n00:00:01,000 --> 00:00:02,000\na\tb\r\n")[0].text).toContain("a");
  });

  it("refuses text that was decoded with replacement characters (invalid UTF-8 upstream)", () => {
    const error = labError(() => parseSrt("1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:02,000 --> 00:00:04,000\nCaf\uFFFD\n", { source: "up.srt" }));
    expect(error.message).toMatch(/^up\.srt: line 7: not valid UTF-8/);
  });

  it("refuses a cue over 2,000 characters naming its index", () => {
    const huge = `1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:02,000 --> 00:00:09,000\n${"word ".repeat(400_000)}\n`;
    expect(labError(() => parseSrt(huge, { source: "big.srt" })).message).toMatch(/^big\.srt: cue 2 has 1999999 characters; a cue has at most 2000$/);
  });

  it("refuses a long cue spoken faster than 30 characters a second, not a short display flash", () => {
    const fast = `WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n\n00:02.000 --> 00:05.000\n${"a ".repeat(60)}\n`;
    expect(labError(() => parseVtt(fast, { source: "f.vtt" })).message).toMatch(/^f\.vtt: cue 2 has 119 characters in 3\.000 s, over 30 characters a second/);
    // 40 characters in 0.13 s: a two-line caption flashed on screen, as in the shipped talks.
    expect(parseVtt(`WEBVTT\n\n00:01.000 --> 00:01.133\n${"b".repeat(40)}\n`)).toHaveLength(1);
  });

  it("passes every shipped dataset (the Practical AI times are interpolated, so only the length rule applies there)", async () => {
    const [talks, podcasts] = await Promise.all([loadDataset("google-talks"), loadDataset("practical-ai")]);
    expect(talks).toHaveLength(13);
    expect(podcasts.length).toBeGreaterThan(0);
  });
});

describe("a refused caption upload leaves the store as it was", () => {
  const { ingestDeps } = tempIngestDeps("captions");

  it("embeds nothing and writes no collection for any refusal", async () => {
    const { fake, deps } = await ingestDeps();
    const ctx = { signal: new AbortController().signal, progress: () => {} };
    const bad = [
      "1\n00:00:01,000 --> 00:00:02,000\nnul\u0000here\n",
      "1\n00:00:01,000 --> 00:00:02,000\nCaf\uFFFD\n",
      `1\n00:00:01,000 --> 00:00:03,000\n${"x".repeat(2_001)}\n`,
    ];
    for (const text of bad) {
      const error = await labRejection(ingest({ source: { kind: "file", filename: "bad.srt", text }, chunker: { kind: "token", size: 16, overlap: 0 } }, deps, ctx));
      expect(error.code).toBe("bad_input");
    }
    expect(fake.embedded).toEqual([]);
    expect(await deps.store.listCollections()).toEqual([]);
  });
});
