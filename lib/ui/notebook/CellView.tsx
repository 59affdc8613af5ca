"use client";

import { memo } from "react";
import { CELL_KINDS } from "@/lib/lessons/cell-kinds";
import { OutputView } from "@/lib/ui/outputs/OutputView";
import { CodeEditor } from "./CodeEditor";
import { formatElapsed, type CellState } from "./cell-state";

export interface CellActions {
  edit(id: string, code: string): void;
  run(id: string, advance: boolean): void;
  reset(id: string): void;
  registerFocus(id: string, focus: () => void): void;
}

const STATUS_LABEL = { idle: "idle", queued: "queued", running: "running…", done: "done", error: "error" } as const;

export const CellView = memo(function CellView({ cell, index, actions }: { cell: CellState; index: number; actions: CellActions }) {
  const kind = CELL_KINDS[cell.kind];
  const edited = cell.code !== cell.original;
  return (
    <section className={`cell status-${cell.status}`} data-testid={`cell-${cell.id}`} data-status={cell.status} aria-label={`Cell ${index + 1}`}>
      <header className="cell-head">
        <span className="cell-index">[{cell.status === "running" ? "*" : index + 1}]</span>
        <span className="cell-kind">{kind.label}</span>
        <span className={`cell-status badge-${cell.status}`} data-testid="cell-status">
          {STATUS_LABEL[cell.status]}
        </span>
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
        <button type="button" className="btn" onClick={() => actions.run(cell.id, false)} data-testid="cell-run" title="Run (Ctrl/Cmd+Enter)">
          ▶ Run
        </button>
      </header>
      <CodeEditor
        cellId={cell.id}
        language={kind.editorLanguage}
        value={cell.code}
        onChange={(code) => actions.edit(cell.id, code)}
        onRunAndAdvance={() => actions.run(cell.id, true)}
        onRunInPlace={() => actions.run(cell.id, false)}
        registerFocus={(focus) => actions.registerFocus(cell.id, focus)}
      />
      {cell.outputs.length > 0 && (
        <div className="cell-outputs" data-testid="cell-outputs">
          {cell.outputs.map((o, i) => (
            <OutputView key={i} output={o} />
          ))}
        </div>
      )}
    </section>
  );
});
