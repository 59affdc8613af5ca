import { z } from "zod";
import type { JudgeFailureKind, JudgeRequest } from "./types";

export type ReadReply<T> = { ok: true; value: T } | { ok: false; kind: JudgeFailureKind; message: string };

/**
 * Finds the JSON in a model's reply. Tolerates what chat models add around
 * it: ```json fences, a sentence before or after, and the <think> blocks of
 * local reasoning models. Does not rely on provider tool-calling, so any
 * OpenAI-compatible server works.
 */
export function parseJsonReply(text: string): { ok: true; value: unknown } | { ok: false } {
  const visible = text.replace(/<think>[\s\S]*?<\/think>/gi, "");
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(visible);
  const candidate = (fenced ? fenced[1] : visible).trim();
  const start = candidate.indexOf("{");
  const end = candidate.lastIndexOf("}");
  for (const slice of [candidate, start >= 0 && end > start ? candidate.slice(start, end + 1) : undefined]) {
    if (slice === undefined) continue;
    try {
      return { ok: true, value: JSON.parse(slice) };
    } catch {
      // try the next, narrower slice
    }
  }
  return { ok: false };
}

/** Parse, validate with zod, then the request's own check (e.g. score range). */
export function readReply<T>(text: string, request: JudgeRequest<T>): ReadReply<T> {
  const json = parseJsonReply(text);
  if (!json.ok) return { ok: false, kind: "unparseable", message: "The reply contains no JSON object." };
  const parsed = request.schema.safeParse(json.value);
  if (!parsed.success) {
    return { ok: false, kind: "invalid", message: `The JSON does not have the required shape:\n${z.prettifyError(parsed.error)}` };
  }
  const problem = request.check?.(parsed.data);
  return problem ? { ok: false, ...problem } : { ok: true, value: parsed.data };
}
