import type { Generated } from "kysely";

/**
 * The app database's tables as the queries see them. Times are ISO strings and
 * records are JSON text on both engines: one query set, and ISO strings sort
 * as time does. Text columns holding an enum are plain strings here; rows are
 * parsed through the contracts' schemas when read.
 */
export interface Tables {
  cell_code: { learner: string; lesson: string; cell: string; code: string; updated_at: string };
  cell_run: { learner: string; lesson: string; cell: string; status: string; outputs: string; elapsed_ms: number; ran_at: string };
  own_cell: { learner: string; lesson: string; id: string; kind: string; code: string; after: string; pos: number; updated_at: string };
  exercise_event: {
    id: Generated<number>;
    learner: string;
    lesson: string;
    exercise: string;
    event: string;
    /** 1, 0, or null for a prediction: an integer, as the SQLite schema has always had it. */
    passed: number | null;
    answer: string | null;
    reason: string | null;
    at: string;
  };
  learner: { id: string; name: string; token_hash: string; created_at: string };
  /** At most one row (id 1): its presence is cohort mode. */
  cohort: { id: number; name: string; created_at: string };
  /** A learner's join links, by sha256 of the token; `reusable` is 1 or 0, `used_at` the last exchange. */
  join_link: { token_hash: string; learner: string; reusable: number; expires_at: string | null; used_at: string | null; created_at: string };
  experiment: { id: string; learner: string; created_at: string; record: string };
  test_look: { learner: string; test_part: string; config: string; first_at: string };
  judge_reply: { key: string; reply: string };
  judge_run: { id: string; learner: string; experiment: string | null; created_at: string; record: string };
  rag_answer: { learner: string; experiment: string; variant: string; question: string; record: string };
  claim_review: { learner: string; key: string; claim: string; judge_label: string; learner_label: string; updated_at: string };
  llm_trace: { id: Generated<number>; learner: string; notebook: string; record: string };
  job: {
    id: string;
    learner: string;
    kind: string;
    spec: string;
    status: string;
    progress: string | null;
    result: string | null;
    error: string | null;
    error_code: string | null;
    created_at: string;
    updated_at: string;
  };
  collection_manifest: { engine: string; name: string; meta: string; created_at: string };
  /** Raw Float32 vectors (little-endian); the length gives the dimension. */
  embedding: { model_id: string; text_hash: string; vector: Uint8Array };
}

/** Everything stored per learner (a `learner` column), for LearnerStore.reset. */
export const LEARNER_TABLES = [
  "cell_code",
  "cell_run",
  "own_cell",
  "exercise_event",
  "job",
  "experiment",
  "test_look",
  "judge_run",
  "rag_answer",
  "claim_review",
  "llm_trace",
] as const satisfies readonly (keyof Tables)[];
