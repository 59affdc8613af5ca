import Link from "next/link";
import type { LessonProgress } from "@/lib/exercises/contract";
import type { LessonInfo } from "@/lib/lessons/contract";
import { NavFold } from "./NavFold";

/** Lessons in course order with each one's progress: exercises done, and cells run. */
export function LessonNav({ lessons, progress, current }: { lessons: LessonInfo[]; progress: Record<string, LessonProgress>; current?: string }) {
  return (
    <NavFold>
      <Link href="/" className="nav-home">
        All lessons
      </Link>
      <ol>
        {lessons.map((l) => {
          return (
            <li key={l.slug} className={l.slug === current ? "current" : undefined}>
              <Link href={`/lessons/${l.slug}`} aria-current={l.slug === current ? "page" : undefined}>
                <span className="nav-order">{l.order}.</span> {l.title}
              </Link>
              <LessonProgressView lesson={l} progress={progress[l.slug]} />
            </li>
          );
        })}
      </ol>
    </NavFold>
  );
}

/** "Previous" and "Next" links at the foot of a lesson, in course order. */
export function LessonPager({ lessons, current }: { lessons: LessonInfo[]; current: string }) {
  const i = lessons.findIndex((l) => l.slug === current);
  const prev = lessons[i - 1];
  const next = lessons[i + 1];
  return (
    <nav className="lesson-pager" aria-label="Previous and next lesson" data-testid="lesson-pager">
      {prev ? (
        <Link href={`/lessons/${prev.slug}`} rel="prev" className="pager-prev">
          <span className="pager-dir">← Previous</span> {prev.title}
        </Link>
      ) : (
        <Link href="/" className="pager-prev">
          <span className="pager-dir">← All lessons</span>
        </Link>
      )}
      {next ? (
        <Link href={`/lessons/${next.slug}`} rel="next" className="pager-next">
          <span className="pager-dir">Next →</span> {next.title}
        </Link>
      ) : (
        <Link href="/" className="pager-next">
          <span className="pager-dir">All lessons →</span>
        </Link>
      )}
    </nav>
  );
}

/** Exercises done (passed, solved after viewing the solution, or answered) as the bar; cells run beside it. */
export function LessonProgressView({ lesson, progress }: { lesson: LessonInfo; progress?: LessonProgress }) {
  const done = progress?.exercises.filter((e) => e.status !== "open").length ?? 0;
  return (
    <div className="lesson-progress" data-testid={`progress-${lesson.slug}`} data-complete={progress?.complete ? "true" : "false"}>
      <ProgressBar done={done} total={lesson.exerciseCount} unit="exercises done" />
      <span className="progress-cells">
        {progress?.complete ? "✓ complete · " : ""}
        {progress?.cellsRun ?? 0}/{lesson.cellCount} cells run
      </span>
    </div>
  );
}

export function ProgressBar({ done, total, unit }: { done: number; total: number; unit: string }) {
  const pct = total === 0 ? 0 : Math.round((100 * done) / total);
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-label={`${done} of ${total} ${unit}`}>
      <div className="progress-fill" style={{ width: `${pct}%` }} />
      <span className="progress-label">
        {done}/{total}
      </span>
    </div>
  );
}
