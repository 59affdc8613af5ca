"use client";

import { useCallback, useEffect, useState } from "react";
import type { ResponseOf } from "@/lib/api/endpoint";
import { clearTrace, traceLog } from "@/lib/llm/contract";
import { pageApi } from "./notebook-api";

/** The newest calls, oldest first (as the route returns them), and how many there are. */
type TraceLog = Exclude<ResponseOf<typeof traceLog>, Response>;
type TraceRow = TraceLog["entries"][number];

/** The panel shows the newest calls; the export has all of them. */
const SHOWN = 200;
const POLL_MS = 3_000;

/** The export is a download the browser makes itself, through a link. */
function exportUrl(lesson: string): string {
  return `${traceLog.path}?${new URLSearchParams({ notebook: lesson, format: "jsonl" })}`;
}

/**
 * The notebook's LLM trace, polled only while the panel is open or a cell
 * runs (the only times it grows), plus once when a run ends: the count on
 * the toolbar button stays current without every open notebook polling.
 */
export function useTraceLog(lesson: string, open: boolean, busy: boolean) {
  const [log, setLog] = useState<TraceLog>({ entries: [], total: 0 });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        // Closed, only the count is needed.
        const answer = await pageApi.call(traceLog, { input: { notebook: lesson, limit: String(open ? SHOWN : 1) } });
        // Without `format`, the answer is JSON (never the download's Response).
        if (!stopped && !(answer instanceof Response)) setLog(answer);
      } catch {
        // offline for a moment, or the server refused: try again on the next tick
      }
      if (!stopped && (open || busy)) timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [lesson, open, busy, version]);

  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  return { ...log, refresh };
}

export function TraceToggle({ open, count, onToggle }: { open: boolean; count: number; onToggle(): void }) {
  return (
    <button type="button" className="btn-quiet" aria-expanded={open} onClick={onToggle} data-testid="trace-toggle">
      LLM trace <span className="trace-count">{count}</span>
    </button>
  );
}

/** Every LLM call this notebook made, newest first; a row opens to show what the model saw and said. */
export function TracePanel({ lesson, log }: { lesson: string; log: ReturnType<typeof useTraceLog> }) {
  const [clearing, setClearing] = useState(false);
  const clear = async () => {
    if (!window.confirm("Clear this notebook's LLM trace?")) return;
    setClearing(true);
    try {
      await pageApi.call(clearTrace, { input: { notebook: lesson } });
    } finally {
      setClearing(false);
      log.refresh();
    }
  };
  const newestFirst = [...log.entries].reverse();

  return (
    <div className="trace-panel" data-testid="trace-panel">
      <div className="trace-head">
        <strong>LLM trace</strong>
        <span className="hint">
          {log.total === 0
            ? "No LLM calls from this notebook yet."
            : log.total > log.entries.length
              ? `Newest ${log.entries.length} of ${log.total} calls; the export has all of them.`
              : `${log.total} call${log.total === 1 ? "" : "s"}, newest first.`}
        </span>
        <span className="spacer" />
        <a className="btn-quiet" href={exportUrl(lesson)} download data-testid="trace-export">
          Export JSONL
        </a>
        <button type="button" className="btn-quiet" onClick={() => void clear()} disabled={clearing || log.total === 0} data-testid="trace-clear">
          Clear
        </button>
      </div>
      {newestFirst.map((e) => (
        <TraceEntryView key={e.id} entry={e} />
      ))}
    </div>
  );
}

function TraceEntryView({ entry: e }: { entry: TraceRow }) {
  return (
    <details className="trace-entry" data-testid="trace-entry">
      <summary>
        <span className="trace-num">{new Date(e.at).toLocaleTimeString()}</span>
        <span className="trace-source">{e.source}</span>
        <span className="trace-model">{e.model}</span>
        <span className="spacer" />
        {e.cacheHit && <span className="trace-badge badge-cached">cached</span>}
        {e.error && <span className="trace-badge badge-error">failed</span>}
        {/* A cached reply cost nothing; a server that reports no usage gets "?". */}
        {!e.cacheHit && (
          <>
            <span className="trace-num" title="input → output tokens">
              {e.inputTokens ?? "?"} → {e.outputTokens ?? "?"} tokens
            </span>
            <span className="trace-num">{formatLatency(e.latencyMs)}</span>
          </>
        )}
      </summary>
      <div className="trace-body">
        <h4>Prompt</h4>
        <pre>{e.prompt}</pre>
        {e.context && e.context.length > 0 && (
          <>
            <h4>Retrieved context</h4>
            <ol className="trace-context">
              {e.context.map((c, i) => (
                <li key={i}>
                  <pre>{c}</pre>
                </li>
              ))}
            </ol>
          </>
        )}
        <h4>Output</h4>
        <pre>{e.output || "(empty)"}</pre>
        {e.error && (
          <>
            <h4>Error</h4>
            <pre className="trace-error">{e.error}</pre>
          </>
        )}
      </div>
    </details>
  );
}

function formatLatency(ms: number): string {
  return ms < 1_000 ? `${ms} ms` : `${(ms / 1_000).toFixed(1)} s`;
}
