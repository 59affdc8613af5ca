/**
 * A bridge until the Kysely stores land (then this file goes, with
 * ./sqlite.ts): the old synchronous SQLite app database and embedding cache
 * behind the asynchronous ports. Each call waits one turn of the event loop
 * first, as a real driver does, so callers meet the interleavings they will
 * meet on PostgreSQL.
 */
import path from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { AppDb } from "./app-db";
import { EmbeddingCache, SqliteAppDb } from "./sqlite";

/** Wraps a synchronous method as an asynchronous one that runs on the next turn. */
function later<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => Promise<R> {
  return async (...args) => {
    await nextTurn();
    return fn(...args);
  };
}

export class InterimAppDb implements AppDb {
  readonly engine = "sqlite";
  readonly location: string;
  readonly notebooks: AppDb["notebooks"];
  readonly exercises: AppDb["exercises"];
  readonly learners: AppDb["learners"];
  readonly experiments: AppDb["experiments"];
  readonly judging: AppDb["judging"];
  readonly traces: AppDb["traces"];
  readonly jobs: AppDb["jobs"];
  readonly manifests: AppDb["manifests"];
  readonly embeddings: AppDb["embeddings"];
  readonly close: () => Promise<void>;

  constructor(dataDir: string) {
    this.location = path.join(dataDir, "app.sqlite");
    const db = new SqliteAppDb(this.location);
    const cache = new EmbeddingCache(dataDir);
    this.notebooks = {
      get: later((l, lesson) => db.getNotebook(l, lesson)),
      saveCode: later((l, lesson, cell, code) => db.saveCell(l, lesson, cell, code)),
      saveRun: later((l, lesson, cell, run) => db.saveRun(l, lesson, cell, run)),
      resetCell: later((l, lesson, cell) => db.resetCell(l, lesson, cell)),
      listOwn: later((l, lesson) => db.listOwnCells(l, lesson)),
      getOwn: later((l, lesson, id) => db.getOwnCell(l, lesson, id)),
      addOwn: later((l, lesson, cell) => db.addOwnCell(l, lesson, cell)),
      saveOwnCode: later((l, lesson, id, code) => db.saveOwnCode(l, lesson, id, code)),
      placeOwn: later((l, lesson, id, place) => db.placeOwnCell(l, lesson, id, place)),
      deleteOwn: later((l, lesson, id) => db.deleteOwnCell(l, lesson, id)),
      progress: later((l) => db.progress(l)),
      lastRunAt: later((l) => db.lastRunAt(l)),
    };
    this.exercises = {
      add: later((l, event) => db.addExerciseEvent(l, event)),
      list: later((l, lesson) => db.listExerciseEvents(l, lesson)),
    };
    this.learners = {
      add: later((learner) => db.addLearner(learner)),
      byTokenHash: later((hash) => db.learnerByTokenHash(hash)),
      list: later(() => db.listLearners()),
      reset: later((l) => db.resetLearner(l)),
    };
    this.experiments = {
      save: later((l, id, record) => db.saveExperiment(l, id, record)),
      get: later((l, id) => db.getExperiment(l, id)),
      list: later((l) => db.listExperiments(l)),
      delete: later((l, id) => db.deleteExperiment(l, id)),
      recordTestLook: later((l, part, config) => db.recordTestLook(l, part, config)),
    };
    this.judging = {
      reply: later((key) => db.judgeReply(key)),
      saveReply: later((key, reply) => db.saveJudgeReply(key, reply)),
      saveRun: later((l, id, experiment, record) => db.saveJudgeRun(l, id, experiment, record)),
      getRun: later((l, id) => db.getJudgeRun(l, id)),
      listRuns: later((l) => db.listJudgeRuns(l)),
      answers: later((l, experiment, variant) => db.ragAnswers(l, experiment, variant)),
      saveAnswer: later((l, experiment, variant, question, record) => db.saveRagAnswer(l, experiment, variant, question, record)),
      saveReview: later((l, review) => db.saveClaimReview(l, review)),
      deleteReview: later((l, key) => db.deleteClaimReview(l, key)),
      listReviews: later((l) => db.listClaimReviews(l)),
    };
    this.traces = {
      add: later((l, notebook, entry, keep) => db.addTrace(l, notebook, entry, keep)),
      list: later((l, notebook, newest) => db.listTraces(l, notebook, newest)),
      count: later((l, notebook) => db.countTraces(l, notebook)),
      clear: later((l, notebook) => db.clearTraces(l, notebook)),
    };
    this.jobs = {
      create: later((job) => db.createJob(job)),
      update: later((id, change) => db.updateJob(id, change)),
      get: later((l, id) => db.getJob(l, id)),
      list: later((l, opts) => db.listJobs(l, opts)),
      failInterrupted: later((message) => db.failInterruptedJobs(message)),
    };
    this.manifests = {
      list: later((engine, prefix) => db.listCollectionManifests(engine, prefix)),
      get: later((engine, name) => db.getCollectionManifest(engine, name)),
      put: later((engine, name, meta) => db.putCollectionManifest(engine, name, meta)),
      delete: later((engine, name) => db.deleteCollectionManifest(engine, name)),
    };
    this.embeddings = {
      getMany: later((model, hashes) => cache.getMany(model, hashes)),
      putMany: later((model, entries) => cache.putMany(model, entries)),
    };
    this.close = later(() => {
      db.close();
      cache.close();
    });
  }
}

/** The app database of a data dir (`url`, for PostgreSQL, arrives with the Kysely stores). */
export async function openAppDb({ dataDir }: { dataDir: string; url?: string }): Promise<AppDb> {
  return new InterimAppDb(dataDir);
}
