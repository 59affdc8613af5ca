"use client";

import { useMemo } from "react";
import type { ChunksOutput } from "@/lib/kernel/outputs";

interface Segment {
  start: number;
  end: number;
  /** Chunks covering this stretch of text; two or more means overlap. */
  chunks: number[];
}

/** Cuts the transcript at every chunk boundary so each stretch knows which chunks cover it. */
function segments(textLength: number, chunks: ChunksOutput["chunks"]): Segment[] {
  const cuts = new Set<number>([0, textLength]);
  for (const c of chunks) cuts.add(c.startChar).add(c.endChar);
  const points = [...cuts].filter((p) => p >= 0 && p <= textLength).sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const [start, end] = [points[i], points[i + 1]];
    out.push({ start, end, chunks: chunks.filter((c) => c.startChar <= start && c.endChar >= end).map((c) => c.index) });
  }
  return out;
}

const fmt = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, "0")}`;

/** A transcript with chunks in alternating colours and overlaps hatched. */
export function ChunkViewer({ output }: { output: ChunksOutput }) {
  const segs = useMemo(() => segments(output.text.length, output.chunks), [output]);
  const byIndex = new Map(output.chunks.map((c) => [c.index, c]));
  return (
    <div className="chunk-viewer" data-testid="output-chunks">
      <div className="chunk-head">
        <strong>{output.title}</strong> · {output.chunks.length} chunks ·{" "}
        <span className="legend">
          <span className="chunk-even">chunk</span> <span className="chunk-odd">next chunk</span> <span className="chunk-overlap">overlap</span>
        </span>
      </div>
      <div className="chunk-text">
        {segs.map((s) => {
          const first = s.chunks[0];
          const chunk = first === undefined ? undefined : byIndex.get(first);
          const cls = s.chunks.length > 1 ? "chunk-overlap" : first === undefined ? "chunk-none" : first % 2 ? "chunk-odd" : "chunk-even";
          const startsChunk = chunk && chunk.startChar === s.start && s.chunks.length === 1;
          return (
            <span key={s.start} className={cls} title={chunk ? `chunk ${chunk.index}: ${fmt(chunk.startS)}–${fmt(chunk.endS)}, ${chunk.tokens} tokens` : undefined}>
              {startsChunk && chunk.citation.startsWith("https://") && (
                <a className="chunk-marker" href={chunk.citation} target="_blank" rel="noreferrer">
                  #{chunk.index} {fmt(chunk.startS)}
                </a>
              )}
              {output.text.slice(s.start, s.end)}
            </span>
          );
        })}
      </div>
      {output.truncatedFrom && <p className="note">Showing the first {output.text.length.toLocaleString()} of {output.truncatedFrom.toLocaleString()} characters.</p>}
    </div>
  );
}
