"use client";

import { useCallback, useEffect, useState } from "react";
import { LabApiError } from "@/lib/api/client";
import type { ResponseOf } from "@/lib/api/endpoint";
import { revokeLearner } from "@/lib/auth/contract";
import { getCohort, inviteLearners, resetCohortLearner, setLearnerBudget, type CohortLearner, type CohortOverview, type Leaderboard, type LearnerLesson } from "@/lib/cohort/contract";
import { pageApi } from "@/lib/ui/notebook/notebook-api";
import { ChartView } from "@/lib/ui/outputs/ChartView";

const REFRESH_MS = 30_000;

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" }) : "never");
/** Any activity at all: an attempt, a solution viewed, a cell run. */
const started = (p: LearnerLesson) => p.lastActivity !== null;
const messageOf = (e: unknown) => (e instanceof LabApiError ? e.message : "The lab could not be reached; is the server running?");

/** The instructor's dashboard: the cohort as the server rendered it, refreshed, and the per-learner actions. */
export function CohortDashboard({ initial }: { initial: CohortOverview }) {
  const [overview, setOverview] = useState<CohortOverview>(initial);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setOverview(await pageApi.call(getCohort, {}));
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);

  useEffect(() => {
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  async function reset(learner: CohortLearner) {
    if (!window.confirm(`Delete all of ${learner.name}'s work (cells, runs, exercises, jobs, experiments, collections, scratch graph, traces)? They stay in the cohort.`)) return;
    try {
      const r = await pageApi.call(resetCohortLearner, { params: { id: learner.id } });
      setNotice(`Reset ${learner.name}: ${r.cancelledJobs} job(s) stopped, ${r.droppedCollections} collection(s) deleted.`);
      await load();
    } catch (e) {
      setNotice(messageOf(e));
    }
  }

  async function resetLesson(learner: CohortLearner) {
    const answer = window.prompt(`Reset which of ${learner.name}'s lessons? Its number (1 to ${overview.lessons.length}); their cells, runs, own cells, exercises and trace in it go back to the start.`);
    if (answer === null) return;
    const lesson = overview.lessons[Number(answer.replace(/^L/i, "")) - 1];
    if (!lesson) return setNotice(`There is no lesson ${answer}: give a number from 1 to ${overview.lessons.length}.`);
    try {
      await pageApi.call(resetCohortLearner, { params: { id: learner.id }, input: { lesson: lesson.slug } });
      setNotice(`Reset ${learner.name}'s lesson "${lesson.title}".`);
      await load();
    } catch (e) {
      setNotice(messageOf(e));
    }
  }

  async function budget(learner: CohortLearner) {
    const current = learner.tokens.budget === null ? "none" : learner.tokens.budget.toLocaleString("en-US");
    const answer = window.prompt(`${learner.name} has used ${learner.tokens.used.toLocaleString("en-US")} model tokens; their budget is ${current}. New budget in tokens (empty: the cohort's default):`);
    if (answer === null) return;
    const typed = answer.replace(/[\s,_]/g, "");
    // Number("abc") is NaN, which JSON sends as null: "back to the default". A typo must not clear a budget.
    if (typed !== "" && !/^\d+$/.test(typed)) {
      setNotice(`"${answer}" is not a number of tokens: type a whole number, or leave it empty for the cohort's default. ${learner.name}'s budget is unchanged.`);
      return;
    }
    const tokens = typed === "" ? null : Number(typed);
    try {
      const usage = await pageApi.call(setLearnerBudget, { params: { id: learner.id }, input: { tokens } });
      setNotice(`${learner.name}'s budget is now ${usage.budget === null ? "none" : `${usage.budget.toLocaleString("en-US")} tokens`}.`);
      await load();
    } catch (e) {
      setNotice(messageOf(e));
    }
  }

  async function revoke(learner: CohortLearner) {
    if (!window.confirm(`Sign ${learner.name} out everywhere? They will need a new join link.`)) return;
    try {
      const r = await pageApi.call(revokeLearner, { params: { id: learner.id } });
      setNotice(`Ended ${r.revoked} session(s) of ${learner.name}. Invite them again for a new link.`);
    } catch (e) {
      setNotice(messageOf(e));
    }
  }

  return (
    <>
      {error && <p role="alert">{error}</p>}
      {notice && (
        <p role="status" data-testid="cohort-notice">
          {notice}
        </p>
      )}
      <p className="cohort-actions">
        <a href="/api/cohort/export" download data-testid="cohort-export">
          Download results (CSV)
        </a>
      </p>
      <InviteForm onInvited={load} />
      {overview.learners.length === 0 ? (
        <p data-testid="cohort-empty">No learners yet: invite them above.</p>
      ) : (
        <>
          <ProgressGrid overview={overview} onReset={reset} onResetLesson={resetLesson} onBudget={budget} onRevoke={revoke} />
          <CompletionChart overview={overview} />
          <TokensChart learners={overview.learners} />
          <Trouble learners={overview.learners} />
        </>
      )}
      <h2>Held-out scores</h2>
      {overview.leaderboards.length === 0 ? (
        <p>No learner has run a grid with a tuning/test split yet.</p>
      ) : (
        overview.leaderboards.map((b) => <LeaderboardView key={`${b.lesson}|${b.testPart}`} board={b} lesson={overview.lessons.find((l) => l.slug === b.lesson)?.title ?? null} />)
      )}
    </>
  );
}

interface RowActions {
  onReset: (l: CohortLearner) => void;
  onResetLesson: (l: CohortLearner) => void;
  onBudget: (l: CohortLearner) => void;
  onRevoke: (l: CohortLearner) => void;
}

function ProgressGrid({ overview, onReset, onResetLesson, onBudget, onRevoke }: { overview: CohortOverview } & RowActions) {
  return (
    <div className="table-scroll">
      <p className="table-note" id="cohort-grid-note">
        Exercises passed per lesson, cells run below; hover a cell for attempts, hints and solutions viewed.
      </p>
      <table className="cohort-grid" data-testid="cohort-grid" aria-describedby="cohort-grid-note">
        <thead>
          <tr>
            <th scope="col">Learner</th>
            {overview.lessons.map((l, i) => (
              <th scope="col" key={l.slug} title={l.title}>
                L{i + 1} {l.title}
              </th>
            ))}
            <th scope="col">Model tokens</th>
            <th scope="col">Last active</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {overview.learners.map((learner) => (
            <tr key={learner.id} data-testid={`cohort-row-${learner.id}`}>
              <th scope="row">{learner.name}</th>
              {overview.lessons.map((lesson) => {
                const p = learner.lessons[lesson.slug];
                const share = p.total ? p.passed / p.total : p.cellsRun / Math.max(1, lesson.cells);
                return (
                  <td
                    key={lesson.slug}
                    data-testid={`cohort-cell-${learner.id}-${lesson.slug}`}
                    className={p.complete ? "done" : started(p) ? "started" : "untouched"}
                    style={{ "--share": share } as React.CSSProperties}
                    title={`${p.attempts} attempts · ${p.hints} hints · ${p.solutions} solutions viewed · last ${when(p.lastActivity)}`}
                  >
                    <strong>{p.total ? `${p.passed}/${p.total}` : "–"}</strong>
                    <small>
                      {p.cellsRun}/{lesson.cells} cells
                    </small>
                  </td>
                );
              })}
              <td data-testid={`cohort-tokens-${learner.id}`}>
                <strong>{learner.tokens.used.toLocaleString("en-US")}</strong>
                <small>{learner.tokens.budget === null ? "no budget" : `of ${learner.tokens.budget.toLocaleString("en-US")}`}</small>
              </td>
              <td>{when(learner.lastActive)}</td>
              <td className="row-actions">
                <button type="button" onClick={() => onBudget(learner)} data-testid={`cohort-budget-${learner.id}`}>
                  Budget…
                </button>
                <button type="button" onClick={() => onRevoke(learner)} data-testid={`cohort-revoke-${learner.id}`}>
                  Sign out everywhere…
                </button>
                <button type="button" onClick={() => onResetLesson(learner)} data-testid={`cohort-reset-lesson-${learner.id}`}>
                  Reset a lesson…
                </button>
                <button type="button" onClick={() => onReset(learner)} data-testid={`cohort-reset-${learner.id}`}>
                  Reset all
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Invited = ResponseOf<typeof inviteLearners>["invited"];

/** Names in, one join link each out: shown once, so they are listed until the page is left. */
function InviteForm({ onInvited }: { onInvited: () => Promise<void> }) {
  const [names, setNames] = useState("");
  const [reusable, setReusable] = useState(false);
  const [days, setDays] = useState("");
  const [invited, setInvited] = useState<Invited>([]);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const list = names.split("\n").map((n) => n.trim()).filter(Boolean);
    if (list.length === 0) {
      setProblem("Type at least one name, one per line.");
      return;
    }
    try {
      const r = await pageApi.call(inviteLearners, { input: { names: list, reusable, ...(days ? { expiresInDays: Number(days) } : {}) } });
      setInvited((before) => [...r.invited, ...before]);
      setNames("");
      setProblem(null);
      await onInvited();
    } catch (err) {
      setProblem(messageOf(err));
    }
  }

  return (
    <section className="invite" data-testid="cohort-invite">
      <h2>Invite learners</h2>
      <form onSubmit={(e) => void submit(e)}>
        <label>
          Names, one per line
          <textarea value={names} onChange={(e) => setNames(e.target.value)} rows={3} required data-testid="invite-names" />
        </label>
        <label>
          <input type="checkbox" checked={reusable} onChange={(e) => setReusable(e.target.checked)} /> links can be used more than once
        </label>
        <label>
          Valid for (days, empty: no end){" "}
          <input type="number" min={1} max={365} value={days} onChange={(e) => setDays(e.target.value)} className="days" />
        </label>
        <button type="submit" className="btn" data-testid="invite-submit">
          Make join links
        </button>
      </form>
      {problem && <p role="alert">{problem}</p>}
      {invited.length > 0 && (
        <>
          <p>Send each learner their own link. They are shown only here, now.</p>
          <ul className="invited" data-testid="invited-links">
            {invited.map((i) => (
              <li key={i.joinUrl}>
                <strong>{i.learner.name}</strong>
                {i.added ? "" : " (new link: the old ones no longer work)"}: <code>{i.joinUrl}</code>{" "}
                <button type="button" className="btn-quiet" onClick={() => void navigator.clipboard?.writeText(i.joinUrl)}>
                  Copy
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** How many learners finished each lesson: where the cohort is, at a glance. */
function CompletionChart({ overview }: { overview: CohortOverview }) {
  const data = overview.lessons.map((lesson, i) => ({
    lesson: `L${i + 1}`,
    complete: overview.learners.filter((l) => l.lessons[lesson.slug].complete).length,
    "in progress": overview.learners.filter((l) => !l.lessons[lesson.slug].complete && started(l.lessons[lesson.slug])).length,
  }));
  return <ChartView spec={{ type: "bar", title: "Learners per lesson (L1 is the first lesson)", data, x: "lesson", y: ["complete", "in progress"] }} />;
}

/** Model tokens per learner against their budget: who is about to run out. */
function TokensChart({ learners }: { learners: CohortLearner[] }) {
  if (!learners.some((l) => l.tokens.used > 0 || l.tokens.budget !== null)) return null;
  const budgets = learners.some((l) => l.tokens.budget !== null);
  const data = learners.map((l) => ({ learner: l.name, used: l.tokens.used, ...(budgets && { budget: l.tokens.budget ?? 0 }) }));
  return <ChartView spec={{ type: "bar", title: budgets ? "Model tokens used and budget per learner" : "Model tokens used per learner", data, x: "learner", y: budgets ? ["used", "budget"] : ["used"] }} />;
}

function Trouble({ learners }: { learners: CohortLearner[] }) {
  const stuck = learners.filter((l) => l.trouble.length > 0);
  return (
    <section data-testid="cohort-trouble">
      <h2>Recent errors</h2>
      {stuck.length === 0 ? (
        <p>No failed cells or jobs.</p>
      ) : (
        <ul className="trouble">
          {stuck.map((l) => (
            <li key={l.id}>
              <strong>{l.name}</strong>
              <ul>
                {l.trouble.map((t, i) => (
                  <li key={i}>
                    {t.kind === "cell" ? `cell ${t.what} in ${t.lesson}` : `${t.what} job`} · {when(t.at)}: <code>{t.message.slice(0, 300)}</code>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function LeaderboardView({ board, lesson }: { board: Leaderboard; lesson: string | null }) {
  const data = board.entries.map((e) => ({ learner: e.learner, mrr: e.mrr, low: e.low ?? e.mrr, high: e.high ?? e.mrr }));
  return (
    <section className="leaderboard" data-testid="cohort-leaderboard">
      <h3>{lesson ?? "Grids run outside a lesson"}</h3>
      <ChartView spec={{ type: "bar", title: `Test-part MRR, ${board.questions} held-out questions (95% intervals)`, data, x: "learner", y: ["mrr"], intervals: { mrr: { low: "low", high: "high" } } }} />
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Learner</th>
              <th scope="col">Configuration</th>
              <th scope="col">Test MRR</th>
              <th scope="col">Hit rate</th>
              <th scope="col">Looks</th>
              <th scope="col">Versus the best</th>
            </tr>
          </thead>
          <tbody>
            {board.entries.map((e, i) => (
              <tr key={e.learner}>
                <td>{e.learner}</td>
                <td>{e.configuration}</td>
                <td>
                  {e.mrr.toFixed(2)}
                  {e.low !== null && e.high !== null && ` [${e.low.toFixed(2)}, ${e.high.toFixed(2)}]`}
                </td>
                <td>{e.hitRate.toFixed(2)}</td>
                <td title="Distinct configurations this learner scored on this test part">{e.looks}</td>
                <td>{i === 0 ? "best" : e.tiedWithBest ? "not distinguishable from the best" : "below the best"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
