import "server-only";

/**
 * The learner a request acts for. The lab runs single-learner for now: every
 * request is the local learner, so work survives a fresh browser profile.
 * All storage is keyed by this id, so per-learner sign-in only changes this.
 */
const LOCAL_LEARNER = "local";

export async function currentLearner(): Promise<string> {
  return LOCAL_LEARNER;
}
