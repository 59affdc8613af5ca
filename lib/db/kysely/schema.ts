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
    /** The instance running it (from "running" on), and the queue worker holding its lock there, if any. */
    instance_id: string | null;
    worker: string | null;
    /** 1 once a learner asked to cancel it while it ran; the instance running it polls for this. */
    cancel_requested: Generated<number>;
  };
  /** An app process sharing this database, alive while its heartbeat is recent. */
  instance: { id: string; started_at: string; heartbeat_at: string };
  collection_manifest: { engine: string; name: string; meta: string; created_at: string };
  // Better Auth's tables (lib/auth): its queries, its column names. Dates are ISO text on SQLite and timestamptz on
  // PostgreSQL, flags 0/1 on SQLite and boolean on PostgreSQL, as its Kysely adapter writes them.
  auth_user: {
    id: string;
    name: string;
    email: string;
    emailVerified: AuthFlag;
    image: string | null;
    createdAt: AuthDate;
    updatedAt: AuthDate;
    role: string | null;
    banned: AuthFlag | null;
    banReason: string | null;
    banExpires: AuthDate | null;
  };
  /** `token` is sha256 of the session token (lib/auth/hashed-sessions.ts). */
  auth_session: { id: string; expiresAt: AuthDate; token: string; createdAt: AuthDate; updatedAt: AuthDate; ipAddress: string | null; userAgent: string | null; userId: string; impersonatedBy: string | null };
  auth_account: {
    id: string;
    accountId: string;
    providerId: string;
    userId: string;
    accessToken: string | null;
    refreshToken: string | null;
    idToken: string | null;
    accessTokenExpiresAt: AuthDate | null;
    refreshTokenExpiresAt: AuthDate | null;
    scope: string | null;
    password: string | null;
    createdAt: AuthDate;
    updatedAt: AuthDate;
  };
  auth_verification: { id: string; identifier: string; value: string; expiresAt: AuthDate; createdAt: AuthDate; updatedAt: AuthDate };
  auth_rate_limit: { id: string; key: string; count: number; lastRequest: number | string };
  /** Raw Float32 vectors (little-endian); the length gives the dimension. */
  embedding: { model_id: string; text_hash: string; vector: Uint8Array };
  /** One row per learner with model usage: the row reservations lock, and the instructor's budget override (null: the default). */
  quota_account: { learner: string; budget: number | null };
  /** One per model request: `tokens` reserved up front, `settled` the real usage once known (null until then). */
  quota_reservation: { id: string; learner: string; tokens: number; settled: number | null; created_at: string };
}

type AuthDate = string | Date;
type AuthFlag = number | boolean;

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
  "quota_reservation",
] as const satisfies readonly (keyof Tables)[];
