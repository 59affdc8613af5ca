import { revokeSessions } from "@/lib/auth";
import { appDb } from "@/lib/db";
import { LabError } from "@/lib/errors";
import type { KappaResult } from "@/lib/judge/kappa";
import { agreementOf } from "@/lib/judge/reviews";
import { inviteAll } from "@/lib/cohort/invite";
import { resetCohortLearner } from "@/lib/cohort/contract";
import { resetLearner } from "@/lib/cohort/reset";
import { labOrigin } from "./cohort";
import { viaServerOrLocal } from "./lab-client";
import type { CliIo } from "./output";

/** `ragcamp learner add NAME | list | reset ID | revoke ID`: the instructor's roster. The app database tolerates the server running alongside. */
export async function learnerCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  // `invite` for one learner, its words joined into one name: a single-use link.
  if (sub === "add" && rest.length) {
    const [{ learner, joinUrl }] = await inviteAll([rest.join(" ")], {}, labOrigin());
    io.result({ ok: true, learner, joinUrl }, () => `Added ${learner.name} (${learner.id}). Send them this link (shown once, single-use):\n${joinUrl}`);
    return 0;
  }
  const db = await appDb();
  if (sub === "list") {
    // Each learner's agreement with the faithfulness judge, from the claims they reviewed.
    const learners = await Promise.all((await db.learners.list()).map(async (l) => ({ ...l, judgeAgreement: agreementOf(await db.judging.listReviews(l.id)) })));
    const kappa = (a: KappaResult) => (a.kappa === null ? (a.n === 0 ? "no reviews" : `κ undefined (${a.n} reviews)`) : `κ ${a.kappa.toFixed(2)} (${a.n} reviews)`);
    io.result({ ok: true, learners }, () =>
      learners.length
        ? learners.map((l) => `${l.id.padEnd(20)} ${l.name.padEnd(24)} ${String(l.cellsRun).padStart(4)} cells run  last active ${l.lastActive ?? "never"}  ${kappa(l.judgeAgreement)}`).join("\n")
        : "No learners yet: ragcamp learner add NAME",
    );
    return 0;
  }
  if (sub === "reset" && rest.length === 1) {
    // The running server holds the learner's jobs and engines, so it does the reset when there is one.
    const r = await viaServerOrLocal(
      (api) => api.call(resetCohortLearner, { params: { id: rest[0] } }),
      () => resetLearner(rest[0]),
    );
    io.result({ ok: true, reset: r.learner, ...r }, () => `Cleared ${r.learner}'s work: ${r.cancelledJobs} job(s) stopped first, ${r.droppedCollections} collection(s), the scratch graph, saved cells, outputs, exercise progress, experiments, judge runs, claim reviews, LLM trace and model usage.`);
    return 0;
  }
  if (sub === "revoke" && rest.length === 1) {
    const { learner, revoked } = await revokeSessions(db, rest[0]);
    io.result({ ok: true, learner, revoked }, () => `Ended ${learner}'s ${revoked} session(s): they need a new join link (ragcamp invite ${learner}) to sign in again.`);
    return 0;
  }
  throw new LabError("bad_input", "Usage: ragcamp learner add NAME | learner list | learner reset ID | learner revoke ID");
}
