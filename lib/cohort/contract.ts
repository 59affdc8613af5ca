/** The instructor's routes: the cohort at a glance, resetting a learner, and the results as CSV. */
import { z } from "zod";
import { endpoint, noInput, rawResponse } from "@/lib/api/endpoint";
import { quotaUsageSchema } from "@/lib/quotas/contract";

const lessonColumnSchema = z.object({ slug: z.string(), title: z.string(), exercises: z.number(), cells: z.number() });

/** One learner in one lesson, as the grid cell and the CSV row show it. */
export const learnerLessonSchema = z.object({
  passed: z.number(),
  total: z.number(),
  attempts: z.number(),
  hints: z.number(),
  solutions: z.number(),
  cellsRun: z.number(),
  complete: z.boolean(),
  lastActivity: z.string().nullable(),
});
export type LearnerLesson = z.output<typeof learnerLessonSchema>;

/** Where a learner may be stuck: a cell whose last run failed, or a job that failed. */
const troubleSchema = z.object({ kind: z.enum(["cell", "job"]), lesson: z.string().nullable(), what: z.string(), message: z.string(), at: z.string() });

const cohortLearnerSchema = z.object({
  id: z.string(),
  name: z.string(),
  joinedAt: z.string(),
  lastActive: z.string().nullable(),
  lessons: z.record(z.string(), learnerLessonSchema),
  trouble: z.array(troubleSchema),
  tokens: quotaUsageSchema,
});
export type CohortLearner = z.output<typeof cohortLearnerSchema>;

/** Per lesson and test part: each learner's latest run there, ranked by its test MRR, the best's peers marked by a paired bootstrap. */
const leaderboardSchema = z.object({
  /** The lesson whose notebook started the runs; null for runs started elsewhere (the CLI). */
  lesson: z.string().nullable(),
  testPart: z.string(),
  questions: z.number(),
  entries: z.array(
    z.object({
      learner: z.string(),
      experiment: z.string(),
      createdAt: z.string(),
      configuration: z.string(),
      mrr: z.number(),
      low: z.number().nullable(),
      high: z.number().nullable(),
      hitRate: z.number(),
      looks: z.number(),
      /** The best entry, or one whose paired 95% interval of the difference from the best contains 0. */
      tiedWithBest: z.boolean(),
    }),
  ),
});
export type Leaderboard = z.output<typeof leaderboardSchema>;

export const cohortOverviewSchema = z.object({
  lessons: z.array(lessonColumnSchema),
  learners: z.array(cohortLearnerSchema),
  leaderboards: z.array(leaderboardSchema),
});
export type CohortOverview = z.output<typeof cohortOverviewSchema>;

export const getCohort = endpoint({ method: "GET", path: "/api/cohort", request: noInput, response: cohortOverviewSchema });

/**
 * Cancels the learner's jobs, then deletes all their work; with `lesson`,
 * only that lesson's (cells, runs, own cells, exercises, its trace). The
 * learner stays registered.
 */
export const resetCohortLearner = endpoint({
  method: "POST",
  path: "/api/cohort/learners/[id]/reset",
  request: z.strictObject({ lesson: z.string().min(1).max(80).optional() }),
  response: z.object({ learner: z.string(), lesson: z.string().optional(), cancelledJobs: z.number(), droppedCollections: z.number() }),
});

/** A learner's own model budget over the cohort's default (`null`: back to the default). */
export const setLearnerBudget = endpoint({
  method: "POST",
  path: "/api/cohort/learners/[id]/budget",
  request: z.strictObject({ tokens: z.int().min(1, "must be at least 1").max(1_000_000_000, "must be at most 1,000,000,000").nullable() }),
  response: quotaUsageSchema,
});

/** New learners (or new links for existing ones); each link is shown once, here. */
export const inviteLearners = endpoint({
  method: "POST",
  path: "/api/cohort/invite",
  request: z.strictObject({
    names: z.array(z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters")).min(1, "name at least one learner").max(100, "at most 100 learners at once"),
    reusable: z.boolean().default(false),
    /** Days the links stay valid; none, they never expire. */
    expiresInDays: z.int().min(1).max(365).optional(),
  }),
  response: z.object({
    invited: z.array(z.object({ learner: z.object({ id: z.string(), name: z.string() }), added: z.boolean(), joinUrl: z.string(), reusable: z.boolean(), expiresAt: z.string().nullable() })),
  }),
  maxBytes: 16_000,
});

/** One row per learner × lesson. */
export const exportCohort = endpoint({ method: "GET", path: "/api/cohort/export", request: noInput, response: rawResponse });
