/**
 * Markdown podcast transcripts (Changelog style) to cues with estimated times.
 *
 * Each paragraph becomes one cue. A paragraph opening with "**Name:**"
 * starts a speaker turn and keeps "Name:" in its text, as the Google
 * captions do. Times are known only at sparse inline markers, so every cue
 * time is interpolated by character position between them.
 */
import { LabError } from "@/lib/errors";
import { collapseSpace, decodeEntities } from "./cue-text";
import { checkCaptionText, checkCues } from "./text-check";
import type { Cue } from "./types";

/** A known instant: the transcript reaches character `pos` at `s` seconds. */
export interface TimeAnchor {
  pos: number;
  s: number;
}

const SPEAKER = /^\*\*([^*]+?):?\*\*:?\s*/;
/** Ad breaks carry a timestamp and no words. */
const BREAK_SPEAKER = "Break";
/**
 * Time markers, in the three shapes the transcripts use:
 * an escaped "\[06:08\]", an editor's timecode with frames "[00:16:16:05]",
 * and "\[unintelligible 00:48:16.20\]", whose words stay in the text.
 */
const MARKER =
  /\\\[(?:(\d+):)?(\d{1,2}):(\d{2})\\\]|\[(\d{2}):(\d{2}):(\d{2}):\d{2}\]|\\\[([a-z][a-z ]*?) (\d{2}):(\d{2}):(\d{2})\.\d+\\\]/g;
/** Stands for a marker while the words around it are cleaned; never occurs in text. */
const SENTINEL = "\u0000";

/** Cues of a transcript, with times interpolated between its inline markers. */
export function parsePodcastTranscript(markdown: string, source: string): Cue[] {
  const texts: { text: string; startChar: number }[] = [];
  const anchors: TimeAnchor[] = [{ pos: 0, s: 0 }];
  let length = 0;

  for (const paragraph of checkCaptionText(markdown, source).replace(/^\uFEFF/, "").split(/\r?\n\s*\r?\n/)) {
    const { words, markers } = paragraphWords(paragraph);
    // A cue's text starts after the space that joins it to the previous one.
    const startChar = length === 0 ? 0 : length + 1;
    for (const m of markers) anchors.push({ pos: startChar + m.pos, s: m.s });
    const text = words.join(" ");
    if (text) {
      texts.push({ text, startChar });
      length = startChar + text.length;
    }
  }

  if (texts.length === 0) throw new LabError("bad_input", `${source}: no transcript text found`);
  if (anchors.length === 1) {
    throw new LabError("bad_input", `${source}: no timestamps like \\[12:34\\] found, so cue times cannot be estimated`);
  }
  const timeAt = interpolator(anchors);
  const cues = texts.map(({ text, startChar }) => ({
    startS: timeAt(startChar),
    endS: timeAt(startChar + text.length),
    text,
  }));
  // Interpolated times say nothing about speaking rate; only the length rule applies.
  return checkCues(cues, source, "approximate");
}

/**
 * Words of one paragraph, and its markers by offset into the joined words.
 * A marker before the first spoken word dates the paragraph's start, even
 * when it follows the speaker label ("**Ann:** \[12:00\] Hello").
 */
function paragraphWords(paragraph: string): { words: string[]; markers: TimeAnchor[] } {
  const speaker = SPEAKER.exec(paragraph);
  const name = speaker ? collapseSpace(speaker[1]) : "";
  const words = name && name !== BREAK_SPEAKER ? `${name}:`.split(" ") : [];
  const labelWords = words.length;

  const times: number[] = [];
  const body = paragraph.slice(speaker ? speaker[0].length : 0).replace(MARKER, (...g: (string | undefined)[]) => {
    const [, h, m, s, tcH, tcM, tcS, said, wH, wM, wS] = g;
    if (m !== undefined && s !== undefined) times.push(clock(h, m, s));
    else if (tcH !== undefined && tcM !== undefined && tcS !== undefined) times.push(clock(tcH, tcM, tcS));
    else if (wH !== undefined && wM !== undefined && wS !== undefined) {
      times.push(clock(wH, wM, wS));
      return ` [${said}] ${SENTINEL} `;
    }
    return ` ${SENTINEL} `;
  });
  // Markdown escapes (\[, \*) stand for the character itself.
  const clean = collapseSpace(decodeEntities(body.replace(/\\(.)/g, "$1")));

  const markers: TimeAnchor[] = [];
  let pos = words.reduce((n, w) => n + w.length + 1, 0);
  for (const token of clean.split(" ")) {
    if (token === SENTINEL) {
      markers.push({ pos: words.length === labelWords ? 0 : pos, s: times[markers.length] });
    } else if (token) {
      words.push(token);
      pos += token.length + 1;
    }
  }
  return { words, markers };
}

function clock(h: string | undefined, m: string, s: string): number {
  return Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s);
}

/** About 150 words a minute; used only when a transcript has a single time marker. */
const TYPICAL_SECONDS_PER_CHAR = 1 / 15;

/**
 * Piecewise-linear time for a character position. Of several anchors at one
 * position the last wins (an explicit marker at 0 replaces the implied
 * start at 0 s); anchors that would make time run backwards (a typo in a
 * marker) are dropped, so times never decrease. Past the last anchor the
 * transcript's average pace is used.
 */
export function interpolator(anchors: readonly TimeAnchor[]): (pos: number) => number {
  const kept: TimeAnchor[] = [];
  for (const a of [...anchors].sort((x, y) => x.pos - y.pos)) {
    const last = kept.at(-1);
    if (last?.pos === a.pos) {
      const before = kept.at(-2);
      if (!before || a.s > before.s) kept[kept.length - 1] = a;
    } else if (!last || a.s > last.s) {
      kept.push(a);
    }
  }
  const first = kept[0];
  const last = kept[kept.length - 1];
  const averagePace = last.pos > first.pos ? (last.s - first.s) / (last.pos - first.pos) : TYPICAL_SECONDS_PER_CHAR;

  return (pos) => {
    let i = 0;
    while (i < kept.length - 1 && kept[i + 1].pos <= pos) i++;
    const a = kept[i];
    const b = kept[i + 1];
    const pace = b ? (b.s - a.s) / (b.pos - a.pos) : averagePace;
    return Math.round((a.s + (pos - a.pos) * pace) * 1000) / 1000;
  };
}
