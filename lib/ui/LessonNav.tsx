import Link from "next/link";
import type { LessonSummary } from "@/lib/lessons/schema";
import { NavFold } from "./NavFold";

/** Lessons in course order with each one's progress (cells run successfully). */
export function LessonNav({ lessons, progress, current }: { lessons: LessonSummary[]; progress: Record<string, number>; current?: string }) {
  return (
    <NavFold>
      <Link href="/" className="nav-home">
        All lessons
      </Link>
      <ol>
        {lessons.map((l) => {
          const done = Math.min(progress[l.slug] ?? 0, l.cellCount);
          return (
            <li key={l.slug} className={l.slug === current ? "current" : undefined}>
              <Link href={`/lessons/${l.slug}`} aria-current={l.slug === current ? "page" : undefined}>
                <span className="nav-order">{l.order}.</span> {l.title}
              </Link>
              <ProgressBar done={done} total={l.cellCount} />
            </li>
          );
        })}
      </ol>
    </NavFold>
  );
}

/** "Previous" and "Next" links at the foot of a lesson, in course order. */
export function LessonPager({ lessons, current }: { lessons: LessonSummary[]; current: string }) {
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

export function ProgressBar({ done, total }: { done: number; total: number }) {
  const pct = total === 0 ? 0 : Math.round((100 * done) / total);
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-label={`${done} of ${total} cells run`}>
      <div className="progress-fill" style={{ width: `${pct}%` }} />
      <span className="progress-label">
        {done}/{total}
      </span>
    </div>
  );
}
