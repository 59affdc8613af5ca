"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { attemptExercise, listExercises, viewExerciseSolution, type ExerciseState } from "@/lib/exercises/contract";
import type { CellOutput } from "@/lib/kernel/outputs";
import type { LessonExercise } from "@/lib/lessons/schema";
import type { CellState } from "./cell-state";
import { pageApi } from "./notebook-api";
import { count } from "@/lib/text/count";

const STATUS_LABEL: Record<ExerciseState["status"], string> = {
  open: "not yet passed",
  passed: "passed",
  "solution-viewed": "solved after viewing the solution",
  answered: "answered",
};

/** A cell's last value as the kernel showed it: a JSON value, or the text of a shown scalar. */
export function lastValue(outputs: CellOutput[]): unknown {
  const last = outputs.at(-1);
  if (last?.kind === "json") return last.value;
  if (last?.kind === "text" && last.stream === "result" && last.truncatedFrom === undefined) return last.text;
  return undefined;
}

/**
 * One exercise beside its cell. Answers go to the server, which checks them;
 * the page only ever holds the hints and solution the learner has earned.
 */
export function ExercisePanel({ lesson, exercise, prompt, initial, cell }: { lesson: string; exercise: LessonExercise; prompt: ReactNode; initial: ExerciseState; cell?: CellState }) {
  const [state, setState] = useState(initial);
  const [verdict, setVerdict] = useState<{ passed: boolean | null; reason: string } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [choice, setChoice] = useState<string>("");
  const [confirmSolution, setConfirmSolution] = useState(false);
  const router = useRouter();
  const params = { id: exercise.id };

  // A cell may submit with lab.submit(id, value): when it finishes, read the exercise again.
  const lastRun = useRef(cell?.elapsedMs);
  useEffect(() => {
    if (!cell || cell.status === "running" || cell.status === "queued" || cell.elapsedMs === lastRun.current) return;
    lastRun.current = cell.elapsedMs;
    pageApi
      .call(listExercises, { input: { lesson } })
      .then((p) => {
        const mine = p.exercises.find((e) => e.id === exercise.id);
        if (mine && mine.attempts !== state.attempts) setState(mine);
      })
      .catch(() => undefined);
  }, [cell, exercise.id, lesson, state.attempts]);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setNote(null);
    try {
      await action();
      router.refresh();
    } catch (e) {
      setNote((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  function answer(): { value?: unknown } | null {
    if (exercise.kind === "predict") {
      if (choice === "") return null;
      return { value: exercise.choices ? Number(choice) : choice };
    }
    if (!cell || (cell.status === "idle" && cell.outputs.length === 0)) return null;
    if (exercise.kind === "state") return cell.kind === "cypher" ? { value: cell.code } : {};
    return { value: lastValue(cell.outputs) };
  }

  const check = () =>
    run(async () => {
      const body = answer();
      if (!body) {
        setNote(exercise.kind === "predict" ? "Choose an answer first." : `Run cell "${exercise.cell}" first: its result is what gets checked.`);
        return;
      }
      const r = await pageApi.call(attemptExercise, { params, input: body });
      setVerdict({ passed: r.passed, reason: r.reason });
      setState(r.state);
    });

  const showSolution = () =>
    run(async () => {
      setConfirmSolution(false);
      setState(await pageApi.call(viewExerciseSolution, { params }));
    });

  const answered = state.status === "answered";
  const shown = verdict ?? (state.lastReason ? { passed: state.passed, reason: state.lastReason } : null);
  return (
    <aside className={`exercise exercise-${state.status}`} data-testid={`exercise-${exercise.id}`} data-status={state.status} aria-label={`Exercise ${exercise.id}`}>
      <header className="exercise-head">
        <span className="exercise-kind">{exercise.kind === "predict" ? "Predict" : "Exercise"}</span>
        <span className={`exercise-status badge-${state.status}`} data-testid="exercise-status">
          {STATUS_LABEL[state.status]}
        </span>
        {state.attempts > 0 && exercise.kind !== "predict" && <span className="exercise-attempts">{count(state.attempts, "attempt")}</span>}
      </header>
      <div className="exercise-prompt">{prompt}</div>
      {exercise.kind === "predict" && !answered && (
        <div className="exercise-answer">
          {exercise.choices ? (
            exercise.choices.map((c, i) => (
              <label key={c} className="exercise-choice">
                <input type="radio" name={exercise.id} value={i} checked={choice === String(i)} onChange={() => setChoice(String(i))} /> {c}
              </label>
            ))
          ) : (
            <input type="number" step="any" value={choice} onChange={(e) => setChoice(e.target.value)} aria-label="Your prediction" data-testid="exercise-number" />
          )}
        </div>
      )}
      {answered && (
        <p className="exercise-explanation" data-testid="exercise-explanation">
          You predicted: {exercise.choices ? exercise.choices[Number(state.answer)] : String(state.answer)}. {state.explanation}
        </p>
      )}
      {!answered && (
        <div className="exercise-actions">
          <button type="button" className="btn" onClick={check} disabled={busy} data-testid="exercise-check">
            {exercise.kind === "predict" ? "Submit prediction" : "Check"}
          </button>
          {exercise.kind !== "predict" && !state.solutionViewed && !confirmSolution && (
            <button type="button" className="btn-quiet" onClick={() => setConfirmSolution(true)} disabled={busy} data-testid="exercise-solution">
              Show solution
            </button>
          )}
          {confirmSolution && (
            <span role="alertdialog" aria-label="Show the solution?">
              It will count as solved after viewing the solution.{" "}
              <button type="button" className="btn" onClick={showSolution} data-testid="exercise-solution-yes">
                Show it
              </button>
              <button type="button" className="btn-quiet" onClick={() => setConfirmSolution(false)}>
                Cancel
              </button>
            </span>
          )}
        </div>
      )}
      {note && (
        <p className="exercise-note" role="status" data-testid="exercise-note">
          {note}
        </p>
      )}
      {shown && !answered && (
        <p className={`exercise-verdict ${shown.passed ? "verdict-pass" : "verdict-fail"}`} role="status" data-testid="exercise-verdict">
          {shown.passed ? "✓ " : "✗ "}
          {shown.reason}
        </p>
      )}
      {state.hints.length > 0 && (
        <ol className="exercise-hints" data-testid="exercise-hints" aria-label="Hints">
          {state.hints.map((h) => (
            <li key={h}>{h}</li>
          ))}
        </ol>
      )}
      {state.solution && (
        <pre className="exercise-solution" data-testid="exercise-solution-text">
          {state.solution}
        </pre>
      )}
    </aside>
  );
}
