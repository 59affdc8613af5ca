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
 * The app database port. Every method takes the learner id first, and every
 * query is scoped by it: that is what keeps one learner's work from another.
 */
export interface AppDb {
  readonly engine: string;
  getNotebook(learnerId: string, lesson: string): NotebookState;
  saveCell(learnerId: string, lesson: string, cellId: string, code: string): SavedCell;
  saveRun(learnerId: string, lesson: string, cellId: string, run: CellRun): SavedRun;
  resetCell(learnerId: string, lesson: string, cellId: string): void;
  /** The learner's own cells in a lesson, by place (after, position). */
  listOwnCells(learnerId: string, lesson: string): OwnCell[];
  getOwnCell(learnerId: string, lesson: string, id: string): OwnCell | undefined;
  /** Inserts an own cell at its place, moving the own cells from that position down one. */
  addOwnCell(learnerId: string, lesson: string, cell: Omit<OwnCell, "updatedAt">): OwnCell;
  /** Undefined when the learner has no such cell in this lesson. */
  saveOwnCode(learnerId: string, lesson: string, id: string, code: string): OwnCell | undefined;
  /** Moves an own cell; a position past the end of its new place is its end. */
  placeOwnCell(learnerId: string, lesson: string, id: string, place: OwnCellPlace): OwnCell | undefined;
  /** Deletes an own cell and its run; false when there was none. */
  deleteOwnCell(learnerId: string, lesson: string, id: string): boolean;
  /** Cells with a successful last run, per lesson. */
  progress(learnerId: string): Record<string, number>;
  /** When the learner last ran a cell, per lesson. */
  lastRunAt(learnerId: string): Record<string, string>;
  addExerciseEvent(learnerId: string, event: Omit<ExerciseEvent, "at">): ExerciseEvent;
  /** Oldest first; all lessons unless one is named. */
  listExerciseEvents(learnerId: string, lesson?: string): ExerciseEvent[];
  /** Registers a learner with the hash of their join token. */
  addLearner(learner: { id: string; name: string; tokenHash: string }): Learner;
  learnerByTokenHash(tokenHash: string): Learner | undefined;
  listLearners(): (Learner & { cellsRun: number; lastActive: string | null })[];
  /** Deletes everything a learner saved (code, runs, exercise attempts, jobs, experiments, judge runs, reviews, trace); the learner stays registered. */
  resetLearner(learnerId: string): void;
  /** Experiment records are stored whole, as JSON: they are written once and read whole. */
  saveExperiment(learnerId: string, id: string, record: unknown): void;
  getExperiment(learnerId: string, id: string): unknown;
  /** Newest first, each record without its `ranked` drill-down (read one whole with getExperiment). */
  listExperiments(learnerId: string): { id: string; createdAt: string; record: unknown }[];
  deleteExperiment(learnerId: string, id: string): boolean;
  /**
   * Records that a configuration was scored on a test part and returns how
   * many distinct configurations the learner has scored on it. Kept apart
   * from experiments, so deleting a run does not undo its look.
   */
  recordTestLook(learnerId: string, testPart: string, config: string): number;
  /** Judge replies keyed by (prompt, model, params, repeat): re-runs cost nothing. */
  judgeReply(key: string): string | undefined;
  saveJudgeReply(key: string, reply: string): void;
  /** Judge runs are stored whole, like experiments; `experiment` links one to the retrieval run it judged. */
  saveJudgeRun(learnerId: string, id: string, experiment: string | null, record: unknown): void;
  getJudgeRun(learnerId: string, id: string): unknown;
  listJudgeRuns(learnerId: string): { id: string; experiment: string | null; createdAt: string; record: unknown }[];
  /** Generated answers for an experiment's questions, per variant (model + retrieval point), so judging again does not regenerate them. */
  ragAnswers(learnerId: string, experiment: string, variant: string): Map<string, unknown>;
  saveRagAnswer(learnerId: string, experiment: string, variant: string, question: string, record: unknown): void;
  saveClaimReview(learnerId: string, review: Omit<ClaimReview, "updatedAt">): ClaimReview;
  deleteClaimReview(learnerId: string, key: string): void;
  listClaimReviews(learnerId: string): ClaimReview[];
  /** Appends to a notebook's LLM trace; the oldest entries beyond `keep` are dropped. */
  addTrace(learnerId: string, notebook: string, entry: LlmTraceEntry, keep?: number): void;
  /** Oldest first; with `newest`, only that many of the latest calls. */
  listTraces(learnerId: string, notebook: string, newest?: number): (LlmTraceEntry & { id: number })[];
  countTraces(learnerId: string, notebook: string): number;
  clearTraces(learnerId: string, notebook: string): void;
  createJob(job: Pick<JobRecord, "id" | "learner" | "kind" | "spec">): JobRecord;
  updateJob(id: string, change: Partial<Pick<JobRecord, "status" | "progress" | "result" | "error" | "errorCode">>): void;
  getJob(learnerId: string, id: string): JobRecord | undefined;
  listJobs(learnerId: string, opts?: { active?: boolean; limit?: number }): JobRecord[];
  /** Marks jobs left running by a previous server process as failed; returns how many. */
  failInterruptedJobs(message: string): number;
  /** Vector collection manifests of one engine ("lancedb", "weaviate"), by name; `prefix` narrows to one learner's. */
  listCollectionManifests(engine: string, prefix?: string): CollectionManifestRow[];
  getCollectionManifest(engine: string, name: string): CollectionManifestRow | undefined;
  /** Written last, once the collection's data is complete: from then on it is visible. */
  putCollectionManifest(engine: string, name: string, meta: unknown): void;
  /** Removed first when a collection is dropped, so it is never visible half-deleted. */
  deleteCollectionManifest(engine: string, name: string): void;
  close(): void;
}
