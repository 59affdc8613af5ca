import "server-only";
import type { ChunkerConfig, CollectionInfo, GridSpec } from "@/lib/sdk/types";

/** What a check answers: a verdict and a reason in the learner's terms. */
export interface Verdict {
  passed: boolean;
  reason: string;
  /** The answer is not of the expected type or shape (a prediction with no choice made is not recorded as answered). */
  malformed?: boolean;
}

/** A stored experiment run as a check reads it: its spec and its points' configurations. */
export interface RunSummary {
  id: string;
  spec: GridSpec;
  points: { chunker: ChunkerConfig; mode: string; k: number }[];
}

export type Rows = Record<string, unknown>[];

/**
 * The learner's own server-side state, for state exercises. Checks read it
 * through this port only, so the unit tests can hand them a fake.
 */
export interface CheckContext {
  /** The learner's own collections (not shared ones). */
  collections(): Promise<CollectionInfo[]>;
  experiments(): Promise<RunSummary[]>;
  /** A read-only query on the shared course graph. */
  sharedQuery(cypher: string): Promise<Rows>;
  /** A query on the learner's scratch graph. */
  scratchQuery(cypher: string): Promise<Rows>;
}

/** An answer and the state it is checked in, for the proofs. */
export interface Case {
  answer?: unknown;
  state?: FakeState;
}

/**
 * The learner state a proof case checks in: collections and runs as a fake
 * serves them, and the statements that build the learner's scratch graph (run
 * on a real, fresh one). The shared graph is the real course graph.
 */
export interface FakeState {
  collections?: CollectionInfo[];
  experiments?: RunSummary[];
  scratch?: string[];
}

/** How the lesson author proves an exercise: CI runs every case through the check. */
export interface ExerciseProof {
  solution: Case;
  /** What the lesson's own cell gives before the learner changes it, and why that fails. */
  starter: Case & { reason: RegExp };
  /** Plausible wrong answers, each a named misconception; at least two. */
  wrong: (Case & { misconception: string })[];
}

export interface ExerciseDef {
  check(answer: unknown, ctx: CheckContext): Verdict | Promise<Verdict>;
  /** Sent one at a time, each after a failed attempt. */
  hints: string[];
  /** Code or an answer with its explanation, sent on request. */
  solution: string;
  proof: ExerciseProof;
  /** Predictions only: what running the cell shows, sent once the prediction is in. */
  explanation?: string;
}

export type LessonExercises = Record<string, ExerciseDef>;
