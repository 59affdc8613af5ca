/** Sign-in routes: Better Auth's, passed through, and the instructor's revocation of a learner's sessions. */
import { z } from "zod";
import { endpoint, noInput, rawResponse } from "@/lib/api/endpoint";

/** Public: Better Auth's GET routes (the instructor's magic link, the session); its answer as it is. */
export const authGet = endpoint({ method: "GET", path: "/api/auth/[...all]", request: z.record(z.string(), z.string()), response: rawResponse });
/** Public: Better Auth's POST routes (the Join button's `{ token }`, sign-out); small JSON bodies only. */
export const authPost = endpoint({ method: "POST", path: "/api/auth/[...all]", request: z.record(z.string(), z.unknown()), response: rawResponse, maxBytes: 4_000 });

/** Instructor: ends every session of the learner at once (they need a new join link). */
export const revokeLearner = endpoint({
  method: "POST",
  path: "/api/learners/[id]/revoke",
  request: noInput,
  response: z.object({ ok: z.literal(true), learner: z.string(), revoked: z.number().int() }),
});
