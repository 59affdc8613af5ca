import { CELL_ID } from "./schema";
import type { LessonExercise } from "./schema";

/**
 * An exercise is declared in the lesson beside its cell, as a fence:
 *
 *     ```exercise id=<id> kind=value|state|predict cell=<cell id>
 *     The prompt, in Markdown.
 *     - a choice (predict only; without choices a prediction is a number)
 *     ```
 *
 * Only what a learner may see lives here; checks, hints and solutions are in
 * the server-only module lib/exercises/lessons/<slug>.ts.
 */
export const EXERCISE_INFO = /^exercise(\s+.*)?$/;
const KINDS = ["value", "state", "predict"] as const;

export function parseExerciseFence(info: string, body: string[], fail: (detail: string) => never): LessonExercise {
  const attrs = new Map<string, string>();
  for (const pair of info.replace(/^exercise/, "").trim().split(/\s+/).filter(Boolean)) {
    const eq = pair.indexOf("=");
    const key = eq > 0 ? pair.slice(0, eq) : pair;
    if (!["id", "kind", "cell"].includes(key) || eq < 0) fail(`unknown exercise attribute "${pair}" (known: id=, kind=, cell=)`);
    if (attrs.has(key)) fail(`exercise attribute "${key}" given twice`);
    attrs.set(key, pair.slice(eq + 1));
  }
  const id = attrs.get("id") ?? "";
  const kind = attrs.get("kind") ?? "";
  const cell = attrs.get("cell") ?? "";
  if (!CELL_ID.test(id)) fail(`exercise id "${id}" must be lowercase words joined by hyphens`);
  if (!(KINDS as readonly string[]).includes(kind)) fail(`exercise "${id}": kind must be one of ${KINDS.join(", ")}`);
  if (!CELL_ID.test(cell)) fail(`exercise "${id}": cell= must name the cell it is about`);
  const choices = body.filter((l) => /^- /.test(l)).map((l) => l.slice(2).trim());
  const prompt = body.filter((l) => !/^- /.test(l)).join("\n").trim();
  if (!prompt) fail(`exercise "${id}" has no prompt`);
  if (kind !== "predict" && choices.length > 0) fail(`exercise "${id}": only predict exercises list choices`);
  if (choices.length === 1) fail(`exercise "${id}": a multiple-choice prediction needs at least two choices`);
  return { id, kind: kind as LessonExercise["kind"], cell, prompt, ...(choices.length > 0 ? { choices } : {}) };
}
