"use client";

import { useRouter } from "next/navigation";
import { Fragment, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { PublicConfig } from "@/lib/config/env";
import type { NotebookState } from "@/lib/db/app-db";
import type { LessonCell } from "@/lib/lessons/schema";
import { CellView, type CellActions } from "./CellView";
import { CellRunner } from "./cell-runner";
import { initialCells, type CellState } from "./cell-state";
import { jobFollower } from "./job-follower";
import { JobsPanel } from "./JobsPanel";
import { notebookApi } from "./notebook-api";
import { TracePanel, TraceToggle, useTraceLog } from "./TracePanel";
import { useAutosave } from "./use-autosave";

export type NotebookBlock = { type: "prose"; node: ReactNode } | { type: "cell"; id: string };

interface Props {
  lesson: string;
  blocks: NotebookBlock[];
  cells: LessonCell[];
  saved: NotebookState;
  config: PublicConfig;
}

type Banner = { reason: "stopped" | "timeout" | "restart"; cellId?: string } | null;

export function Notebook({ lesson, blocks, cells: lessonCells, saved, config }: Props) {
  const [cells, setCells] = useState<CellState[]>(() => initialCells(lessonCells, saved));
  const [banner, setBanner] = useState<Banner>(null);
  const [traceOpen, setTraceOpen] = useState(false);
  const cellsRef = useRef(cells);
  const runner = useRef<CellRunner | null>(null);
  const focusers = useRef(new Map<string, () => void>());
  const { state: saveState, schedule, cancel } = useAutosave(lesson);
  const router = useRouter();
  const refreshTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    cellsRef.current = cells;
  }, [cells]);

  const patch = useCallback((id: string, change: Partial<CellState>) => {
    setCells((all) => all.map((c) => (c.id === id ? { ...c, ...change } : c)));
  }, []);

  // Code changes also go straight into the ref: a run right after a keystroke must see it.
  const setCode = useCallback(
    (id: string, change: Partial<CellState>) => {
      cellsRef.current = cellsRef.current.map((c) => (c.id === id ? { ...c, ...change } : c));
      patch(id, change);
    },
    [patch],
  );

  useEffect(() => {
    const r = new CellRunner(
      { maxOutputBytes: config.maxOutputBytes, timeoutMs: config.cellTimeoutMs, jobStallMs: config.jobStallMs, notebook: lesson },
      {
        cell: (id) => cellsRef.current.find((c) => c.id === id),
        update: patch,
        finished: (id, run) => {
          // Runs can be repeated; a failed save only loses the stored output.
          // Once saved, refresh the server-rendered sidebar progress, once per burst of runs (Run all).
          notebookApi.saveRun(lesson, id, run).then(() => {
            clearTimeout(refreshTimer.current);
            refreshTimer.current = setTimeout(() => router.refresh(), 1_000);
          }, () => undefined);
        },
        restarted: (reason, cellId) => setBanner({ reason, cellId }),
      },
      jobFollower(),
    );
    runner.current = r;
    r.reattach(lesson, cellsRef.current.map((c) => c.id));
    return () => r.dispose();
  }, [config.maxOutputBytes, config.cellTimeoutMs, config.jobStallMs, lesson, patch, router]);

  const enqueue = useCallback((ids: string[]) => {
    setBanner(null);
    runner.current?.enqueue(ids);
  }, []);

  const actions: CellActions = useMemo(
    () => ({
      edit(id, code) {
        setCode(id, { code });
        schedule(id, code);
      },
      run(id, advance) {
        enqueue([id]);
        if (advance) {
          const ids = cellsRef.current.map((c) => c.id);
          const next = ids[ids.indexOf(id) + 1];
          if (next) focusers.current.get(next)?.();
        }
      },
      reset(id) {
        cancel(id);
        const original = cellsRef.current.find((c) => c.id === id)?.original ?? "";
        setCode(id, { code: original, outputs: [], status: "idle", elapsedMs: undefined });
        void notebookApi.resetCell(lesson, id);
      },
      registerFocus(id, focus) {
        focusers.current.set(id, focus);
      },
    }),
    [cancel, enqueue, lesson, schedule, setCode],
  );

  const ids = cells.map((c) => c.id);
  const runAbove = (cellId?: string) => enqueue(cellId ? ids.slice(0, ids.indexOf(cellId)) : ids);
  const byId = new Map(cells.map((c, i) => [c.id, { cell: c, index: i }]));
  const busy = cells.some((c) => c.status === "running" || c.status === "queued");
  const trace = useTraceLog(lesson, traceOpen, busy);

  return (
    <div className="notebook" data-testid="notebook">
      <div className="toolbar" role="toolbar" aria-label="Notebook">
        <button type="button" className="btn" onClick={() => enqueue(ids)} data-testid="run-all">
          ▶▶ Run all
        </button>
        <button type="button" className="btn" onClick={() => runner.current?.stop()} disabled={!busy} data-testid="stop">
          ■ Stop
        </button>
        <button type="button" className="btn-quiet" onClick={() => runner.current?.restart()} data-testid="restart">
          ↻ Restart kernel
        </button>
        <TraceToggle open={traceOpen} count={trace.total} onToggle={() => setTraceOpen((o) => !o)} />
        <span className="spacer" />
        <span className={`save-state save-${saveState}`} data-testid="save-state">
          {saveState === "saved" ? "All changes saved" : saveState === "saving" ? "Saving…" : "Could not save — will retry on next edit"}
        </span>
        <span className="hint">Shift+Enter runs and moves on · Ctrl/⌘+Enter runs in place</span>
      </div>
      <JobsPanel />
      {traceOpen && <TracePanel lesson={lesson} log={trace} />}
      {banner && (
        <div className="banner" role="status" data-testid="kernel-banner">
          Kernel restarted{banner.reason === "timeout" ? " after the time limit" : ""}: variables from earlier cells are gone.
          <button type="button" className="btn" onClick={() => runAbove(banner.cellId)} data-testid="run-above">
            Run all above
          </button>
          <button type="button" className="btn-quiet" onClick={() => setBanner(null)}>
            Dismiss
          </button>
        </div>
      )}
      {blocks.map((b, i) => {
        if (b.type === "prose") return <Fragment key={i}>{b.node}</Fragment>;
        const entry = byId.get(b.id);
        return entry ? <CellView key={b.id} cell={entry.cell} index={entry.index} actions={actions} /> : null;
      })}
    </div>
  );
}
