import type { Kysely } from "kysely";
import type { Tables } from "./kysely/schema";
import type { JobRecord } from "@/lib/jobs/contract";
import type { ReviewLabel } from "@/lib/judge/contract";
import type { LlmTraceEntry } from "@/lib/llm/contract";
import type { CellRun } from "@/lib/kernel/outputs";
import type { NotebookState, OwnCell, OwnCellPlace, SavedCell, SavedRun } from "@/lib/lessons/contract";

export type { JobProgress, JobRecord, JobStatus } from "@/lib/jobs/contract";
export type { NotebookState, SavedCell, SavedRun } from "@/lib/lessons/contract";

export interface Learner {
  id: string;
  name: string;
  createdAt: string;
}

export interface JoinLink {
  learner: Learner;
  reusable: boolean;
  expiresAt: string | null;
  usedAt: string | null;
}

/** The one cohort an instance can hold; while it exists the instance is in cohort mode. */
export interface Cohort {
  name: string;
  createdAt: string;
}

export interface CohortStore {
  get(): Promise<Cohort | undefined>;
  /** Names the cohort; a second one is a conflict (the instance stays the first cohort's). */
  create(name: string): Promise<Cohort>;
}

export type { LlmTraceEntry };

/** A learner's verdict on one claim the judge labelled, for judge-learner agreement. */
export interface ClaimReview {
  /** `${judgeRun}|${item}|${claim index}`: one review per claim. */
  key: string;
  claim: string;
  judgeLabel: ReviewLabel;
  learnerLabel: ReviewLabel;
  updatedAt: string;
}

/** A vector collection whose data is complete: only collections with a manifest row are listed or searched. */
export interface CollectionManifestRow {
  name: string;
  /** The collection metadata as JSON; the vector store validates it. */
  meta: unknown;
  createdAt: string;
}

/** One exercise attempt (its verdict, null for a prediction) or one view of its solution. */
export interface ExerciseEvent {
  lesson: string;
  exercise: string;
  event: "attempt" | "solution";
  passed: boolean | null;
  answer?: unknown;
  reason: string | null;
  at: string;
}

/**
 * The app database ports, one per aggregate. Every method is asynchronous
 * (PostgreSQL clients are) and every learner-owned query takes the learner id
 * first and is scoped by it: that is what keeps one learner's work from
 * another's. Records stored as JSON come back parsed through their schemas.
 */
export interface NotebookStore {
  get(learnerId: string, lesson: string): Promise<NotebookState>;
  saveCode(learnerId: string, lesson: string, cellId: string, code: string): Promise<SavedCell>;
  saveRun(learnerId: string, lesson: string, cellId: string, run: CellRun): Promise<SavedRun>;
  resetCell(learnerId: string, lesson: string, cellId: string): Promise<void>;
  /** The learner's own cells in a lesson, by place (after, position). */
  listOwn(learnerId: string, lesson: string): Promise<OwnCell[]>;
  getOwn(learnerId: string, lesson: string, id: string): Promise<OwnCell | undefined>;
  /** Inserts an own cell at its place (clamped to the end), moving the own cells from that position down one. */
  addOwn(learnerId: string, lesson: string, cell: Omit<OwnCell, "updatedAt">): Promise<OwnCell>;
  /** Undefined when the learner has no such cell in this lesson. */
  saveOwnCode(learnerId: string, lesson: string, id: string, code: string): Promise<OwnCell | undefined>;
  /** Moves an own cell; a position past the end of its new place is its end. */
  placeOwn(learnerId: string, lesson: string, id: string, place: OwnCellPlace): Promise<OwnCell | undefined>;
  /** Deletes an own cell and its run; false when there was none. */
  deleteOwn(learnerId: string, lesson: string, id: string): Promise<boolean>;
  /** Lesson cells (not own cells) with a successful last run, per lesson. */
  progress(learnerId: string): Promise<Record<string, number>>;
  /** When the learner last ran a cell, per lesson. */
  lastRunAt(learnerId: string): Promise<Record<string, string>>;
  /** Cells (lesson and own) whose last run failed, newest first, at most `limit`, each with its first error output. */
  failedCells(learnerId: string, limit: number): Promise<FailedCell[]>;
}

/** A cell whose last run ended in an error: where a learner may be stuck. */
export interface FailedCell {
  lesson: string;
  cell: string;
  at: string;
  error: { name: string; message: string } | null;
}

export interface ExerciseStore {
  add(learnerId: string, event: Omit<ExerciseEvent, "at">): Promise<ExerciseEvent>;
  /** Oldest first; all lessons unless one is named. */
  list(learnerId: string, lesson?: string): Promise<ExerciseEvent[]>;
}

export interface LearnerStore {
  /** Registers a learner with the hash of their join token; an id already taken (two invites racing) returns the learner who has it. */
  add(learner: { id: string; name: string; tokenHash: string }): Promise<Learner>;
  byTokenHash(tokenHash: string): Promise<Learner | undefined>;
  list(): Promise<(Learner & { cellsRun: number; lastActive: string | null })[]>;
  /** A join link for a learner, stored by the hash of its token. */
  addLink(link: { learner: string; tokenHash: string; reusable: boolean; expiresAt: string | null }): Promise<void>;
  byLink(tokenHash: string): Promise<JoinLink | undefined>;
  /** Marks the link used at `at` if it may still be used then (unexpired, and reusable or never used); false leaves it as it was. One caller wins a race for a single-use link. */
  useLink(tokenHash: string, at: string): Promise<boolean>;
  /** Deletes one lesson's work of a learner: edits, runs, own cells, exercise events and that notebook's LLM trace; other lessons and all else stay. */
  resetLesson(learnerId: string, lesson: string): Promise<void>;
  /** Ends every link of the learner that is still valid at `at` (revocation); how many it ended. */
  expireLinks(learnerId: string, at: string): Promise<number>;
  /** Deletes everything a learner saved (code, runs, exercise events, jobs, experiments, judge runs, reviews, traces, test looks, model usage; a raised budget stays); the learner stays registered. */
  reset(learnerId: string): Promise<void>;
}

export interface ExperimentStore {
  /** Experiment records are stored whole, as JSON: written once and read whole. */
  save(learnerId: string, id: string, record: unknown): Promise<void>;
  get(learnerId: string, id: string): Promise<unknown>;
  /** Newest first, each record without its `ranked` drill-down (read one whole with get). */
  list(learnerId: string): Promise<{ id: string; createdAt: string; record: unknown }[]>;
  /** Deletes the run and its generated answers; false when there was none. */
  delete(learnerId: string, id: string): Promise<boolean>;
  /**
   * Records that a configuration was scored on a test part and returns how
   * many distinct configurations the learner has scored on it. Kept apart
   * from experiments, so deleting a run does not undo its look.
   */
  recordTestLook(learnerId: string, testPart: string, config: string): Promise<number>;
}

export interface JudgingStore {
  /** Judge replies keyed by (prompt, model, params, repeat): re-runs cost nothing. Shared by all learners. */
  reply(key: string): Promise<string | undefined>;
  saveReply(key: string, reply: string): Promise<void>;
  /** Judge runs are stored whole, like experiments; `experiment` links one to the retrieval run it judged. */
  saveRun(learnerId: string, id: string, experiment: string | null, record: unknown): Promise<void>;
  getRun(learnerId: string, id: string): Promise<unknown>;
  /** Newest first. */
  listRuns(learnerId: string): Promise<{ id: string; experiment: string | null; createdAt: string; record: unknown }[]>;
  /** Generated answers for an experiment's questions, per variant (model + retrieval point), so judging again does not regenerate them. */
  answers(learnerId: string, experiment: string, variant: string): Promise<Map<string, unknown>>;
  saveAnswer(learnerId: string, experiment: string, variant: string, question: string, record: unknown): Promise<void>;
  saveReview(learnerId: string, review: Omit<ClaimReview, "updatedAt">): Promise<ClaimReview>;
  deleteReview(learnerId: string, key: string): Promise<void>;
  /** Oldest update first. */
  listReviews(learnerId: string): Promise<ClaimReview[]>;
}

export interface TraceStore {
  /** Appends to a notebook's LLM trace; the oldest entries beyond `keep` are dropped. */
  add(learnerId: string, notebook: string, entry: LlmTraceEntry, keep?: number): Promise<void>;
  /** Oldest first; with `newest`, only that many of the latest calls. */
  list(learnerId: string, notebook: string, newest?: number): Promise<(LlmTraceEntry & { id: number })[]>;
  count(learnerId: string, notebook: string): Promise<number>;
  clear(learnerId: string, notebook: string): Promise<void>;
}

export interface JobStore {
  create(job: Pick<JobRecord, "id" | "learner" | "kind" | "spec">): Promise<JobRecord>;
  update(id: string, change: Partial<Pick<JobRecord, "status" | "progress" | "result" | "error" | "errorCode">>): Promise<void>;
  get(learnerId: string, id: string): Promise<JobRecord | undefined>;
  /** Newest first, at most `limit` (50); `active` keeps queued and running ones. */
  list(learnerId: string, opts?: { active?: boolean; limit?: number }): Promise<JobRecord[]>;
  /** Marks jobs left queued or running by a previous server process as failed; returns how many. */
  failInterrupted(message: string): Promise<number>;
  /** Marks a queued job running on `instance` (`worker`: the queue worker holding it there); false when it is no longer queued (cancelled meanwhile). */
  claim(id: string, instance: string, worker: string | null): Promise<boolean>;
  /** Cancels a job that is still queued; false when it is not. */
  cancelQueued(id: string): Promise<boolean>;
  /** Flags a running job for cancelling and says which instance runs it; undefined when it is not running. */
  requestCancel(id: string): Promise<{ instance: string | null } | undefined>;
  /** The running jobs of `instance` flagged for cancelling. */
  cancelRequested(instance: string): Promise<string[]>;
}

/** The app processes sharing this database: each writes a heartbeat, any of them ends the jobs of one gone silent. */
export interface InstanceStore {
  /** Records that `id` is alive now (registering it the first time). */
  beat(id: string): Promise<void>;
  /**
   * Instances whose last heartbeat is older than `silentSince` are removed,
   * their running jobs marked failed with `message`; returns the queue
   * workers that held those jobs, so their locks can be released.
   */
  reap(silentSince: string, message: string): Promise<{ instances: string[]; workers: string[] }>;
  /** An instance shutting down cleanly. */
  remove(id: string): Promise<void>;
}

/** Vector collection manifests of one engine ("lancedb", "weaviate"), by name. */
export interface ManifestStore {
  /** By name; `prefix` narrows to names starting with it (literally: no wildcards). */
  list(engine: string, prefix?: string): Promise<CollectionManifestRow[]>;
  get(engine: string, name: string): Promise<CollectionManifestRow | undefined>;
  /** Written last, once the collection's data is complete: from then on it is visible. */
  put(engine: string, name: string, meta: unknown): Promise<void>;
  /** Removed first when a collection is dropped, so it is never visible half-deleted. */
  delete(engine: string, name: string): Promise<void>;
}

/** Embedding vectors keyed by (model id, sha256 of the text); shared by all learners. */
export interface EmbeddingCacheStore {
  /** Cached vectors for those hashes that have one; absent hashes are misses. */
  getMany(modelId: string, hashes: readonly string[]): Promise<Map<string, Float32Array>>;
  /** Stores all entries in one transaction; the first vector stored for a key wins. */
  putMany(modelId: string, entries: ReadonlyMap<string, Float32Array>): Promise<void>;
}

/** A learner's model tokens: settled usage, reservations still outstanding, and the budget they count against (null: none). */
export interface QuotaUsage {
  used: number;
  reserved: number;
  budget: number | null;
}

export type QuotaReservation =
  | { ok: true }
  | { ok: false; reason: "budget"; usage: QuotaUsage }
  /** The learner's requests in the last minute reached the limit; the oldest leaves the window after `retryAfterMs`. */
  | { ok: false; reason: "rate"; retryAfterMs: number };

/** How long a reservation counts without being settled: a call that never reported back stops holding budget. */
export const RESERVATION_TTL_MS = 10 * 60_000;

/**
 * Model usage per learner (lib/quotas is the policy). A reservation is
 * checked and written in one transaction that holds the learner's lock, so
 * racing calls cannot together pass a budget; it is settled with the real
 * usage in a second one.
 */
export interface QuotaStore {
  /**
   * Reserves `tokens` when settled usage + unexpired reservations + `tokens`
   * fit the learner's budget (their override, else `defaultBudget`; null: no
   * budget) and fewer than `perMinute` requests (null: no limit) were
   * reserved in the last minute; otherwise reserves nothing and says why.
   */
  reserve(learnerId: string, r: { id: string; tokens: number; defaultBudget: number | null; perMinute: number | null }): Promise<QuotaReservation>;
  /** Replaces the reservation with the real usage. */
  settle(learnerId: string, id: string, tokens: number): Promise<void>;
  get(learnerId: string, defaultBudget: number | null): Promise<QuotaUsage>;
  /** The learner's own budget; null returns them to the default. */
  setBudget(learnerId: string, tokens: number | null): Promise<void>;
}

export interface AppDb {
  readonly engine: "sqlite" | "postgres";
  /** Where the data lives, for doctor and errors: a file path, or host:port/database (never a password). */
  readonly location: string;
  readonly notebooks: NotebookStore;
  readonly exercises: ExerciseStore;
  readonly learners: LearnerStore;
  readonly cohort: CohortStore;
  readonly experiments: ExperimentStore;
  readonly judging: JudgingStore;
  readonly traces: TraceStore;
  readonly jobs: JobStore;
  readonly instances: InstanceStore;
  readonly manifests: ManifestStore;
  readonly embeddings: EmbeddingCacheStore;
  readonly quotas: QuotaStore;
  /** The connection itself, for Better Auth (lib/auth), which brings its own queries over the auth_* tables. */
  readonly kysely: Kysely<Tables>;
  close(): Promise<void>;
}
