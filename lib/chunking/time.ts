import type { CueSpan, Span } from "./transcript";

/**
 * Windows of whole cues spanning at most `windowS` seconds. The next window
 * repeats the cues that began within the last `overlapS` seconds of the
 * previous one, and always starts after its first cue.
 */
export function timeSpans(text: string, cues: readonly CueSpan[], windowS: number, overlapS: number): Span[] {
  const parts = splitLongCues(text, cues, windowS);
  const spans: Span[] = [];
  let i = 0;
  while (i < parts.length) {
    let j = i + 1;
    while (j < parts.length && parts[j].endS <= parts[i].startS + windowS) j++;
    spans.push({ start: parts[i].start, end: parts[j - 1].end });
    if (j === parts.length) break;
    const overlapFrom = parts[j - 1].endS - overlapS;
    let k = j;
    while (k - 1 > i && parts[k - 1].startS > overlapFrom) k--;
    i = k;
  }
  return spans;
}

/**
 * Cuts cues longer than the window at spaces, timing the parts by character
 * position. Podcast speaker turns run to two minutes and 400 tokens; whole,
 * they would exceed both the window and the embedder's limit.
 */
function splitLongCues(text: string, cues: readonly CueSpan[], windowS: number): CueSpan[] {
  const parts: CueSpan[] = [];
  for (const cue of cues) {
    const duration = cue.endS - cue.startS;
    const count = Math.ceil(duration / windowS);
    if (count <= 1) {
      parts.push(cue);
      continue;
    }
    const length = cue.end - cue.start;
    const timeAt = (char: number) => cue.startS + ((char - cue.start) / length) * duration;
    let start = cue.start;
    for (let k = 1; k <= count && start < cue.end; k++) {
      const space = text.indexOf(" ", Math.max(start, cue.start + Math.floor((k * length) / count)));
      const end = k === count || space < 0 || space > cue.end ? cue.end : space;
      parts.push({ start, end, startS: timeAt(start), endS: timeAt(end) });
      start = end + 1;
    }
  }
  return parts;
}
