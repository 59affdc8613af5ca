"use client";

import { memo, useEffect, useState } from "react";
import { CELL_KINDS } from "@/lib/lessons/cell-kinds";
import type { OwnCellKind } from "@/lib/lessons/own-cells";
import { OutputView } from "@/lib/ui/outputs/OutputView";
import { CodeEditor } from "./CodeEditor";
import { formatElapsed, type CellState } from "./cell-state";

export interface CellActions {
  edit(id: string, code: string): void;
  run(id: string, advance: boolean): void;
  reset(id: string): void;
  clearOutput(id: string): void;
  registerFocus(id: string, focus: () => void): void;
  /** The cell the learner is in, for B (insert below) in command mode. */
  select(id: string): void;
  /** Adds a cell of the learner's own below this one. */
  add(below: string, kind: OwnCellKind): void;
  move(id: string, dir: -1 | 1): void;
  remove(id: string): void;
}

const STATUS_LABEL = { idle: "idle", queued: "queued", running: "running…", done: "done", error: "error", "needs-model": "needs a model" } as const;

/** How long the busy cell has been running, ticking. */
function RunningTimer({ since }: { since: number }) {
  const [now, setNow] = useState(since);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(timer);
  }, []);
  return (
    <span className="cell-elapsed" data-testid="cell-timer">
      {formatElapsed(Math.max(0, Math.round(now - since)))}
    </span>
  );
}

/** Moving and deleting a cell of the learner's own; deleting asks first. */
function OwnCellControls({ cell, actions, canUp, canDown }: { cell: CellState; actions: CellActions; canUp: boolean; canDown: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const busy = cell.status === "running" || cell.status === "queued";
  if (confirming) {
    return (
      <span className="own-confirm" role="alertdialog" aria-label="Delete this cell?" data-testid="cell-delete-confirm">
        Delete this cell and its output?
        <button type="button" className="btn" onClick={() => actions.remove(cell.id)} data-testid="cell-delete-yes" autoFocus>
          Delete
        </button>
        <button type="button" className="btn-quiet" onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </span>
    );
  }
  return (
    <>
      <button type="button" className="btn-quiet" onClick={() => actions.move(cell.id, -1)} disabled={!canUp || busy} data-testid="cell-up" title="Move up" aria-label="Move cell up">
        ↑
      </button>
      <button type="button" className="btn-quiet" onClick={() => actions.move(cell.id, 1)} disabled={!canDown || busy} data-testid="cell-down" title="Move down" aria-label="Move cell down">
        ↓
      </button>
      <button type="button" className="btn-quiet" onClick={() => setConfirming(true)} disabled={busy} data-testid="cell-delete" title="Delete this cell">
        Delete
      </button>
    </>
  );
}

/** The "+ Cell" control between cells. */
export const CellInsert = memo(function CellInsert({ below, actions }: { below: string; actions: CellActions }) {
  return (
    <div className="cell-insert" data-testid={`insert-below-${below}`}>
      <button type="button" className="btn-quiet" onClick={() => actions.add(below, "ts")} data-testid="add-cell" title="Add a TypeScript cell of your own below (B outside the editor)">
        + Cell
      </button>
      <button type="button" className="btn-quiet" onClick={() => actions.add(below, "cypher")} data-testid="add-cypher-cell" title="Add a Cypher cell of your own below">
        + Cypher
      </button>
    </div>
  );
});

export const CellView = memo(function CellView({
  cell,
  index,
  actions,
  canUp = false,
  canDown = false,
}: {
  cell: CellState;
  index: number;
  actions: CellActions;
  /** For own cells: whether it can move up (not above the first lesson cell) or down. */
  canUp?: boolean;
  canDown?: boolean;
}) {
  const kind = CELL_KINDS[cell.kind];
  const edited = !cell.own && cell.code !== cell.original;
  // The note below says what a missing model means; the raw error repeating it, with server settings, would not help.
  const outputs = cell.status === "needs-model" ? cell.outputs.filter((o) => o.kind !== "error") : cell.outputs;
  return (
    <section
      className={`cell status-${cell.status}${cell.own ? " cell-own" : ""}`}
      data-testid={`cell-${cell.id}`}
      data-status={cell.status}
      data-own={cell.own ? "true" : undefined}
      aria-label={`Cell ${index + 1}${cell.own ? " (yours)" : ""}`}
      onFocus={() => actions.select(cell.id)}
    >
      <header className="cell-head">
        <span className="cell-index">[{cell.status === "running" ? "*" : index + 1}]</span>
        <span className="cell-kind">{kind.label}</span>
        {cell.own && <span className="cell-mine">yours</span>}
        <span className={`cell-status badge-${cell.status}`} data-testid="cell-status">
          {STATUS_LABEL[cell.status]}
        </span>
        {cell.status === "running" && cell.startedAt !== undefined && <RunningTimer since={cell.startedAt} />}
        {cell.elapsedMs !== undefined && cell.status !== "running" && (
          <span className="cell-elapsed" data-testid="cell-elapsed">
            {formatElapsed(cell.elapsedMs)}
          </span>
        )}
        <span className="spacer" />
        {edited && (
          <button type="button" className="btn-quiet" onClick={() => actions.reset(cell.id)} data-testid="cell-reset" title="Discard your edits and restore the lesson's code">
            Reset to original
          </button>
        )}
        {cell.outputs.length > 0 && cell.status !== "running" && (
          <button type="button" className="btn-quiet" onClick={() => actions.clearOutput(cell.id)} data-testid="cell-clear" title="Clear this cell's output">
            Clear output
          </button>
        )}
        {cell.own && <OwnCellControls cell={cell} actions={actions} canUp={canUp} canDown={canDown} />}
        <button type="button" className="btn" onClick={() => actions.run(cell.id, false)} data-testid="cell-run" title="Run (Ctrl/Cmd+Enter)">
          ▶ Run
        </button>
      </header>
      <CodeEditor
        cellId={cell.id}
        language={kind.editorLanguage}
        value={cell.code}
        revision={cell.revision}
        onChange={(code) => actions.edit(cell.id, code)}
        onRunAndAdvance={() => actions.run(cell.id, true)}
        onRunInPlace={() => actions.run(cell.id, false)}
        registerFocus={(focus) => actions.registerFocus(cell.id, focus)}
      />
      {cell.status === "needs-model" && (
        <p className="cell-needs-model" role="status" data-testid="needs-model">
          This cell needs a chat model, and this lab has none configured. That is not an error in your code. In a cohort, your
          instructor sets one up; on your own machine, set <code>RAGCAMP_CHAT_MODEL</code> and <code>OPENAI_BASE_URL</code> (a local
          Ollama or LM Studio works) or <code>OPENAI_API_KEY</code>, restart the lab and run the cell again. The README&apos;s
          &ldquo;Configure a chat model&rdquo; says how.
        </p>
      )}
      {outputs.length > 0 && (
        <div className="cell-outputs" data-testid="cell-outputs">
          {outputs.map((o, i) => (
            <OutputView key={i} output={o} />
          ))}
        </div>
      )}
    </section>
  );
});
