"use client";

import { useRouter } from "next/navigation";
import { Fragment, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { PublicConfig } from "@/lib/config/env";
import type { NotebookState } from "@/lib/db/app-db";
import type { ExerciseState } from "@/lib/exercises/contract";
import type { OwnCellKind } from "@/lib/lessons/own-cells";
import type { LessonCell, LessonExercise } from "@/lib/lessons/schema";
import { CellInsert, CellView, type CellActions } from "./CellView";
import { CellRunner } from "./cell-runner";
import { ExercisePanel } from "./ExercisePanel";
import { initialCells, moveCell, placeAt, type CellState } from "./cell-state";
import { jobFollower } from "@/lib/api/job-follower";
import { JobsPanel } from "./JobsPanel";
import { notebookApi } from "./notebook-api";
import { TracePanel, TraceToggle, useTraceLog } from "./TracePanel";
import { draftsOf, dropDraft } from "./drafts";
import { useAutosave } from "./use-autosave";
import { TokensLeft } from "./TokensLeft";

export type NotebookBlock =
  | { type: "prose"; node: ReactNode }
  | { type: "cell"; id: string }
  /** An exercise beside its cell, with what the learner has earned on it so far. */
  | { type: "exercise"; exercise: LessonExercise; prompt: ReactNode; state: ExerciseState };

interface Props {
  lesson: string;
  blocks: NotebookBlock[];
  cells: LessonCell[];
  saved: NotebookState;
  config: PublicConfig;
}

type Banner =
  | { reason: "stopped" | "timeout" | "restart"; cellId?: string }
  /** Run all stopped at a failed cell; `rest` were queued after it. */
  | { reason: "halted"; cellId: string; rest: string[] }
  | { reason: "dead" }
  /** A change to the learner's own cells that the server refused or did not get. */
  | { reason: "notice"; message: string }
  | null;

/** Jupyter's command-mode shortcuts (focus outside an editor): I I interrupts, 0 0 restarts, B adds a cell below. */
const SHORTCUT_MS = 600;

export function Notebook({ lesson, blocks, cells: lessonCells, saved, config }: Props) {
  const [cells, setCells] = useState<CellState[]>(() => initialCells(lessonCells, saved));
  const [banner, setBanner] = useState<Banner>(null);
  const [confirmRestart, setConfirmRestart] = useState(false);
  const [traceOpen, setTraceOpen] = useState(false);
  const cellsRef = useRef(cells);
  const runner = useRef<CellRunner | null>(null);
  const focusers = useRef(new Map<string, () => void>());
  /** The cell the learner was last in: B adds below it. */
  const selected = useRef<string | null>(null);
  /** A cell just added, whose editor takes the focus once it has mounted. */
  const focusOnMount = useRef<string | null>(null);
  /** Changes to own cells go to the server one at a time, so each place is computed on the one before. */
  const ownChanges = useRef<Promise<unknown>>(Promise.resolve());
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
        halted: (cellId, rest) => setBanner({ reason: "halted", cellId, rest }),
        dead: () => setBanner({ reason: "dead" }),
      },
      jobFollower(),
    );
    runner.current = r;
    r.reattach(lesson, cellsRef.current.map((c) => c.id));
    return () => r.dispose();
  }, [config.maxOutputBytes, config.cellTimeoutMs, config.jobStallMs, lesson, patch, router]);

  // Edits whose save had not landed when this page read the notebook (a quick reload): shown and saved again.
  useEffect(() => {
    for (const [id, code] of draftsOf(lesson)) {
      const cell = cellsRef.current.find((c) => c.id === id);
      if (!cell || cell.code === code) {
        dropDraft(lesson, id);
        continue;
      }
      setCode(id, { code, revision: cell.revision + 1 });
      schedule(id, code);
    }
  }, [lesson, schedule, setCode]);

  const enqueue = useCallback((ids: string[], opts?: { keepGoing?: boolean }) => {
    setBanner((b) => (b?.reason === "dead" ? b : null));
    runner.current?.enqueue(ids, opts);
  }, []);

  const restart = useCallback(() => {
    setConfirmRestart(false);
    runner.current?.restart();
  }, []);

  const clearOutput = useCallback(
    (id: string) => {
      const cell = cellsRef.current.find((c) => c.id === id);
      if (!cell || cell.status === "running" || cell.status === "queued") return;
      patch(id, { outputs: [] });
      // The run is kept (the cell did run), without its outputs.
      if (cell.status !== "idle") notebookApi.saveRun(lesson, id, { status: cell.status, outputs: [], elapsedMs: cell.elapsedMs ?? 0 }).catch(() => undefined);
    },
    [lesson, patch],
  );

  // Reordering goes to the ref at once too: Run all right after a move runs the new order.
  const reorder = useCallback((change: (all: CellState[]) => CellState[]) => {
    cellsRef.current = change(cellsRef.current);
    setCells(change);
  }, []);

  const ownChange = useCallback((send: () => Promise<unknown>, failed: string) => {
    ownChanges.current = ownChanges.current
      .then(send)
      .catch((e: unknown) => setBanner({ reason: "notice", message: `${failed}: ${e instanceof Error ? e.message : String(e)}` }));
  }, []);

  const addOwn = useCallback(
    (below: string, kind: OwnCellKind) => {
      ownChange(async () => {
        const created = await notebookApi.addOwnCell(lesson, below, kind);
        const cell: CellState = { id: created.id, kind: created.kind, code: created.code, original: created.code, status: "idle", outputs: [], revision: 0, own: true };
        focusOnMount.current = created.id;
        selected.current = created.id;
        reorder((all) => {
          // A cell deleted meanwhile: the new one goes last rather than above the first lesson cell.
          const at = all.some((c) => c.id === below) ? all.findIndex((c) => c.id === below) + 1 : all.length;
          return [...all.slice(0, at), cell, ...all.slice(at)];
        });
      }, "Could not add the cell");
    },
    [lesson, ownChange, reorder],
  );

  useEffect(() => {
    let last = { key: "", at: 0 };
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || target?.closest("input, textarea, select, [contenteditable], .monaco-editor")) return;
      const key = e.key.toLowerCase();
      if (key === "b" && !e.repeat) {
        const all = cellsRef.current;
        addOwn(all.some((c) => c.id === selected.current) ? selected.current! : all[all.length - 1].id, "ts");
        return;
      }
      if (key !== "i" && key !== "0") return;
      const twice = last.key === key && e.timeStamp - last.at < SHORTCUT_MS;
      last = twice ? { key: "", at: 0 } : { key, at: e.timeStamp };
      if (!twice) return;
      if (key === "i") runner.current?.stop();
      else setConfirmRestart(true);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [addOwn]);

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
        const revision = (cellsRef.current.find((c) => c.id === id)?.revision ?? 0) + 1;
        setCode(id, { code: original, outputs: [], status: "idle", elapsedMs: undefined, revision });
        void notebookApi.resetCell(lesson, id);
      },
      clearOutput,
      registerFocus(id, focus) {
        focusers.current.set(id, focus);
        if (focusOnMount.current === id) {
          focusOnMount.current = null;
          focus();
        }
      },
      select(id) {
        selected.current = id;
      },
      add: addOwn,
      move(id, dir) {
        const moved = moveCell(cellsRef.current, id, dir);
        if (!moved) return;
        reorder((all) => moveCell(all, id, dir) ?? all);
        const place = placeAt(moved, moved.findIndex((c) => c.id === id));
        ownChange(() => notebookApi.moveOwnCell(lesson, id, place), "Could not save the move");
      },
      remove(id) {
        cancel(id);
        focusers.current.delete(id);
        reorder((all) => all.filter((c) => c.id !== id));
        ownChange(() => notebookApi.deleteOwnCell(lesson, id), "Could not delete the cell");
      },
    }),
    [addOwn, cancel, clearOutput, enqueue, lesson, ownChange, reorder, schedule, setCode],
  );

  const ids = cells.map((c) => c.id);
  const runAbove = (cellId?: string) => enqueue(cellId ? ids.slice(0, ids.indexOf(cellId)) : ids);
  const byId = new Map(cells.map((c, i) => [c.id, { cell: c, index: i }]));
  // Own cells below each lesson cell, in order.
  const ownBelow = new Map<string, CellState[]>();
  cells.reduce((lessonCell, c) => {
    if (!c.own) return c.id;
    ownBelow.set(lessonCell, [...(ownBelow.get(lessonCell) ?? []), c]);
    return lessonCell;
  }, "");
  const busy = cells.some((c) => c.status === "running" || c.status === "queued");
  const trace = useTraceLog(lesson, traceOpen, busy);

  return (
    <div className="notebook" data-testid="notebook">
      <div className="toolbar" role="toolbar" aria-label="Notebook">
        <button type="button" className="btn" onClick={() => enqueue(ids)} data-testid="run-all">
          ▶▶ Run all
        </button>
        <button type="button" className="btn" onClick={() => runner.current?.stop()} disabled={!busy} data-testid="stop" title="Interrupt: press I twice outside the editor">
          ■ Stop <kbd>I I</kbd>
        </button>
        <button type="button" className="btn-quiet" onClick={() => setConfirmRestart(true)} data-testid="restart" title="Restart: press 0 twice outside the editor">
          ↻ Restart kernel <kbd>0 0</kbd>
        </button>
        <button
          type="button"
          className="btn-quiet"
          onClick={() => cellsRef.current.forEach((c) => c.outputs.length > 0 && clearOutput(c.id))}
          disabled={busy || !cells.some((c) => c.outputs.length > 0)}
          data-testid="clear-all"
        >
          Clear all outputs
        </button>
        <TraceToggle open={traceOpen} count={trace.total} onToggle={() => setTraceOpen((o) => !o)} />
        <span className="spacer" />
        <TokensLeft busy={busy} />
        <span className={`save-state save-${saveState}`} data-testid="save-state">
          {saveState === "saved" ? "All changes saved" : saveState === "saving" ? "Saving…" : "Could not save — will retry on next edit"}
        </span>
        <span className="hint">Shift+Enter runs and moves on · Ctrl/⌘+Enter runs in place · Esc leaves the editor · B adds a cell below</span>
      </div>
      {confirmRestart && (
        <div className="banner banner-confirm" role="alertdialog" aria-label="Restart the kernel?" data-testid="restart-confirm">
          Restart the kernel? Every variable your cells defined is discarded.
          <button type="button" className="btn" onClick={restart} data-testid="restart-yes" autoFocus>
            Restart
          </button>
          <button type="button" className="btn-quiet" onClick={() => setConfirmRestart(false)}>
            Cancel
          </button>
        </div>
      )}
      <JobsPanel />
      {traceOpen && <TracePanel lesson={lesson} log={trace} />}
      {banner?.reason === "dead" && (
        <div className="banner banner-error" role="alert" data-testid="kernel-banner">
          The kernel died: it stopped answering (a cell closed it or took over its messages). Restart it to go on; variables from earlier cells are gone.
          <button type="button" className="btn" onClick={restart} data-testid="dead-restart">
            Restart
          </button>
        </div>
      )}
      {banner?.reason === "halted" && (
        <div className="banner" role="status" data-testid="halt-banner">
          Run all stopped at cell [{ids.indexOf(banner.cellId) + 1}] ({banner.cellId}): it failed, so the {banner.rest.length} cells after it did not run.
          <button type="button" className="btn" onClick={() => enqueue(banner.rest, { keepGoing: true })} data-testid="run-rest">
            Run the rest anyway
          </button>
          <button type="button" className="btn-quiet" onClick={() => setBanner(null)}>
            Dismiss
          </button>
        </div>
      )}
      {banner?.reason === "notice" && (
        <div className="banner banner-error" role="alert" data-testid="own-cell-banner">
          {banner.message}
          <button type="button" className="btn-quiet" onClick={() => setBanner(null)}>
            Dismiss
          </button>
        </div>
      )}
      {(banner?.reason === "stopped" || banner?.reason === "timeout" || banner?.reason === "restart") && (
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
        if (b.type === "exercise") {
          return <ExercisePanel key={b.exercise.id} lesson={lesson} exercise={b.exercise} prompt={b.prompt} initial={b.state} cell={byId.get(b.exercise.cell)?.cell} />;
        }
        const entry = byId.get(b.id);
        if (!entry) return null;
        return (
          <Fragment key={b.id}>
            <CellView cell={entry.cell} index={entry.index} actions={actions} />
            <CellInsert below={b.id} actions={actions} />
            {(ownBelow.get(b.id) ?? []).map((own) => {
              const index = byId.get(own.id)!.index;
              return (
                <Fragment key={own.id}>
                  <CellView cell={own} index={index} actions={actions} canUp={index > 1} canDown={index < cells.length - 1} />
                  <CellInsert below={own.id} actions={actions} />
                </Fragment>
              );
            })}
          </Fragment>
        );
      })}
    </div>
  );
}
