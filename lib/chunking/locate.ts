import type { Span } from "./transcript";

/** Whitespace and control characters, which splitters may add, drop or change. */
const isBlank = (code: number) => code <= 0x20 || code === 0xa0;

/**
 * Finds each splitter output in the text it came from: splitters return
 * strings, not offsets. Pieces come in order and start after the previous
 * one ends or, when `overlapping`, after it starts. Comparison skips
 * whitespace, so a splitter may trim or re-join. A token boundary inside a
 * multi-byte character decodes to U+FFFD on both sides; such fragments are
 * ignored, and each span also takes whatever the previous span did not
 * reach (the last one, the rest of the text), so no text is lost.
 */
export function locatePieces(text: string, pieces: readonly string[], overlapping: boolean): Span[] {
  const spans: Span[] = [];
  let searchFrom = 0;
  let reached = 0;
  for (const piece of pieces) {
    const core = piece.replace(/^[\s\uFFFD]+|[\s\uFFFD]+$/g, "");
    if (core === "") continue;
    const found = find(text, core, searchFrom);
    if (!found) {
      throw new Error(`Chunk ${spans.length} not found after offset ${searchFrom}: "${core.slice(0, 80)}"`);
    }
    const span = { start: Math.min(found.start, skipBlanks(text, reached)), end: found.end };
    spans.push(span);
    searchFrom = overlapping ? found.start + 1 : found.end;
    reached = Math.max(reached, span.end);
  }
  const last = spans.at(-1);
  if (last) last.end = Math.max(last.end, text.trimEnd().length);
  return spans;
}

function skipBlanks(text: string, from: number): number {
  let i = from;
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  return i;
}

/** First match of `core` at or after `from`, anchored on its first word. */
function find(text: string, core: string, from: number): Span | undefined {
  const anchor = core.match(/^\S+/)?.[0] ?? core;
  for (let start = text.indexOf(anchor, from); start >= 0; start = text.indexOf(anchor, start + 1)) {
    const end = matchAt(text, core, start);
    if (end >= 0) return { start, end };
  }
  return undefined;
}

/** End of `core` matched at `start`, ignoring whitespace on both sides; -1 if it differs. */
function matchAt(text: string, core: string, start: number): number {
  let t = start;
  for (let c = 0; c < core.length; c++) {
    const code = core.charCodeAt(c);
    if (isBlank(code)) continue;
    while (t < text.length && isBlank(text.charCodeAt(t))) t++;
    if (text.charCodeAt(t) !== code) return -1;
    t++;
  }
  return t;
}
