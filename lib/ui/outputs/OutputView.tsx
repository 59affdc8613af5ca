"use client";

import dynamic from "next/dynamic";
import type { CellOutput } from "@/lib/kernel/outputs";
import { ProgressView } from "./ProgressView";
import { DataTable } from "./DataTable";
import { JsonTree } from "./JsonTree";

// Heavy outputs (recharts alone is over 100 KB gzipped) load on first use, so a lesson page
// that shows none of them does not download them.
function OutputLoading() {
  return <p className="note">Loading output…</p>;
}
const ChartView = dynamic(() => import("./ChartView").then((m) => m.ChartView), { loading: OutputLoading });
const ChunkViewer = dynamic(() => import("./ChunkViewer").then((m) => m.ChunkViewer), { loading: OutputLoading });
const ClaimsReview = dynamic(() => import("./ClaimsReview").then((m) => m.ClaimsReview), { loading: OutputLoading });
const GraphView = dynamic(() => import("./GraphView").then((m) => m.GraphView), { loading: OutputLoading });
const TriangleView = dynamic(() => import("./TriangleView").then((m) => m.TriangleView), { loading: OutputLoading });

function TruncationNote({ from }: { from?: number }) {
  if (!from) return null;
  return <p className="note">Output truncated: {from.toLocaleString()} characters in all.</p>;
}

/** Renders one cell output. Everything is rendered as data, never as HTML. */
export function OutputView({ output }: { output: CellOutput }) {
  switch (output.kind) {
    case "text":
      return (
        <div className={`out-text stream-${output.stream}`} data-testid="output-text">
          <pre>{output.text}</pre>
          <TruncationNote from={output.truncatedFrom} />
        </div>
      );
    case "json":
      return (
        <div className="out-json" data-testid="output-json">
          <JsonTree value={output.value} />
        </div>
      );
    case "table":
      return <DataTable columns={output.columns} rows={output.rows} totalRows={output.totalRows} best={output.best} bestLow={output.bestLow} />;
    case "chart":
      return <ChartView spec={output.spec} />;
    case "progress":
      return <ProgressView p={output} />;
    case "chunks":
      return <ChunkViewer output={output} />;
    case "graph":
      return <GraphView output={output} />;
    case "triangle":
      return <TriangleView output={output} />;
    case "claims":
      return <ClaimsReview output={output} />;
    case "error":
      return (
        <div className="out-error" role="alert" data-testid="output-error">
          <strong>{output.name}</strong>
          {/* The lab's error class (server_error, timeout, rate_limited...): what a learner searches the README for. */}
          {output.code && <code className="err-code"> [{output.code}]</code>}: {output.message}
          {output.line !== undefined && <span className="err-line"> (line {output.line})</span>}
        </div>
      );
  }
}
