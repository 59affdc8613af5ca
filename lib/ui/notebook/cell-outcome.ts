import type { CellOutput, ErrorOutput } from "@/lib/kernel/outputs";
import type { LessonCell } from "@/lib/lessons/schema";

export type RawOutcome = "done" | "error" | "stopped" | "timeout" | "dead";
export type SettledStatus = "done" | "error" | "needs-model";

export const NEEDS_MODEL_CODE = "not_configured";

/**
 * What a finished run counts as. A cell the lesson marks `expect=error:<Name>`
 * counts as run only when it fails with that error (and its message matches);
 * a cell that fails for want of a chat model "needs a model", which is not an
 * error: Run all goes on past both. Returns the outputs to add (a note, or
 * the error saying the cell was meant to fail).
 */
export function settle(cell: Pick<LessonCell, "expect">, raw: RawOutcome, outputs: readonly CellOutput[]): { status: SettledStatus; add: CellOutput[] } {
  const error = outputs.findLast((o): o is ErrorOutput => o.kind === "error");
  const expected = cell.expect;
  if (expected) {
    if (raw === "done") {
      return { status: "error", add: [{ kind: "error", name: "ExpectedError", message: `This cell is meant to fail with ${expected.error}, but it finished without an error.` }] };
    }
    const nameOk = error?.name === expected.error;
    const messageOk = !expected.match || new RegExp(expected.match).test(error?.message ?? "");
    if (raw !== "stopped" && raw !== "dead" && nameOk && messageOk) {
      return { status: "done", add: [{ kind: "text", stream: "info", text: `Failed with ${expected.error}, as this lesson means it to: the cell counts as run.` }] };
    }
    const why = !nameOk ? `failed with ${error?.name ?? raw}` : `failed with a message not matching /${expected.match}/`;
    return { status: "error", add: [{ kind: "text", stream: "warn", text: `This cell is meant to fail with ${expected.error}, but it ${why}.` }] };
  }
  if (raw === "done") return { status: "done", add: [] };
  if (raw === "error" && error?.code === NEEDS_MODEL_CODE) return { status: "needs-model", add: [] };
  return { status: "error", add: [] };
}
