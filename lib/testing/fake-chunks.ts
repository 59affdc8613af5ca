/** For tests and benches: a stored chunk made by hand, with the fields a case does not care about filled in alike. */
import type { StoredChunk } from "@/lib/vectorstore/port";

/** 30-second windows from `index`, character offsets over the text, and a citation at the window's start unless given. */
export function fakeChunk(c: Pick<StoredChunk, "id" | "docId" | "index" | "text" | "vector"> & Partial<StoredChunk>): StoredChunk {
  const startS = c.startS ?? c.index * 30;
  return {
    startS,
    endS: startS + 30,
    startChar: 0,
    endChar: c.text.length,
    citation: `https://example.test/${c.docId}?t=${startS}`,
    citationApproximate: false,
    tokens: 12,
    ...c,
  };
}
