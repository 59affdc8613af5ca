import { countTokens } from "./tokens";
import type { Span } from "./transcript";

/** A packing unit, counted alone (opening a chunk) and with the separator before it (inside one). */
interface Unit extends Span {
  alone: number;
  joined: number;
}

/**
 * Packs whole sentences into chunks of at most `maxTokens` gpt2 tokens,
 * repeating the last `overlapSentences` sentences of a chunk at the start of
 * the next when they fit. A sentence longer than the limit is packed word by
 * word instead (a single longer word stays whole). Units start at gpt2
 * pre-token boundaries, so their counts add up to the count of the chunk.
 */
export function sentenceSpans(text: string, maxTokens: number, overlapSentences: number): Span[] {
  const units = sentenceUnits(text, maxTokens);
  const spans: Span[] = [];
  let i = 0;
  while (i < units.length) {
    let j = i + 1;
    let total = units[i].alone;
    while (j < units.length && total + units[j].joined <= maxTokens) total += units[j++].joined;
    spans.push({ start: units[i].start, end: units[j - 1].end });
    if (j === units.length) break;
    i = overlapStart(units, i, j, overlapSentences, maxTokens);
  }
  return spans;
}

/** Start of the chunk after units [i, j): up to `overlap` units before `j`, as long as unit `j` still fits. */
function overlapStart(units: readonly Unit[], i: number, j: number, overlap: number, maxTokens: number): number {
  let k = j;
  let cost = units[j].alone;
  while (k - 1 > i && j - (k - 1) <= overlap) {
    const widened = cost - units[k].alone + units[k].joined + units[k - 1].alone;
    if (widened > maxTokens) break;
    cost = widened;
    k--;
  }
  return k;
}

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

function sentenceUnits(text: string, maxTokens: number): Unit[] {
  const units: Unit[] = [];
  const measureNext = (start: number, end: number) => measure(text, { start, end }, units.at(-1)?.end ?? start);
  for (const { segment, index } of segmenter.segment(text)) {
    const start = index + (segment.length - segment.trimStart().length);
    const end = index + segment.trimEnd().length;
    if (end <= start) continue;
    const sentence = measureNext(start, end);
    if (sentence.alone <= maxTokens) {
      units.push(sentence);
      continue;
    }
    for (const word of text.slice(start, end).matchAll(/\S+/g)) {
      const wordStart = start + word.index;
      units.push(measureNext(wordStart, wordStart + word[0].length));
    }
  }
  return units;
}

/** Counts a unit alone and together with the separator since the previous unit's end. */
function measure(text: string, span: Span, previousEnd: number): Unit {
  const alone = countTokens(text.slice(span.start, span.end));
  const joined = previousEnd < span.start ? countTokens(text.slice(previousEnd, span.end)) : alone;
  return { ...span, alone, joined };
}
