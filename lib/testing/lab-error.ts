/** Catching the LabError a call throws, so a test can check its code and message together. */
import { LabError } from "@/lib/errors";

/** The LabError `run` throws. */
export function labError(run: () => unknown): LabError {
  try {
    run();
  } catch (e) {
    if (e instanceof LabError) return e;
    throw e;
  }
  throw new Error("expected a LabError, but nothing was thrown");
}

/** The LabError `promise` rejects with. */
export async function labRejection(promise: Promise<unknown>): Promise<LabError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof LabError) return e;
    throw e;
  }
  throw new Error("expected a LabError, but the promise resolved");
}
