import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Whose budget the model calls made now are charged to. A plain,
 * serialisable value, so work that leaves the request (a queued job) can
 * carry it and re-enter it with `withLearnerBudget`.
 */
export interface LearnerBudgetScope {
  learner: string;
}

const storage = new AsyncLocalStorage<LearnerBudgetScope>();

/** Runs `fn` with its model calls charged to `scope.learner` (route() enters it for learner callers). */
export function withLearnerBudget<T>(scope: LearnerBudgetScope, fn: () => T): T {
  return storage.run({ learner: scope.learner }, fn);
}

/** The scope in force, to hand to work that runs later; undefined for the instructor, local mode and the CLI. */
export function learnerBudgetScope(): LearnerBudgetScope | undefined {
  return storage.getStore();
}
