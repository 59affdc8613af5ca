import { guarded } from "../errors";
import type { Engine } from "../migrations";
import type { Db, Stores } from "./shared";
import { notebookStore } from "./notebooks";
import { exerciseStore } from "./exercises";
import { cohortStore, learnerStore } from "./learners";
import { experimentStore } from "./experiments";
import { judgingStore } from "./judging";
import { traceStore } from "./traces";
import { jobStore } from "./jobs";
import { instanceStore } from "./instances";
import { manifestStore } from "./manifests";
import { embeddingStore } from "./embeddings";
import { quotaStore } from "./quotas";

/** The ten stores over one connection pool; a database out of reach fails each call as LabError "unavailable" naming the step. */
export function createStores(db: Db, engine: Engine, location: string): Stores {
  return {
    notebooks: guarded(notebookStore(db), "notebooks", location),
    exercises: guarded(exerciseStore(db), "exercise events", location),
    learners: guarded(learnerStore(db), "learners", location),
    cohort: guarded(cohortStore(db), "the cohort", location),
    experiments: guarded(experimentStore(db, engine), "experiments", location, ["save"]),
    judging: guarded(judgingStore(db), "judge runs", location, ["saveRun", "saveAnswer"]),
    traces: guarded(traceStore(db), "LLM traces", location, ["add"]),
    jobs: guarded(jobStore(db), "jobs", location, ["update"]),
    instances: guarded(instanceStore(db), "instances", location),
    manifests: guarded(manifestStore(db), "collection manifests", location, ["put"]),
    embeddings: guarded(embeddingStore(db), "the embedding cache", location),
    quotas: guarded(quotaStore(db, engine), "model quotas", location),
  };
}
