import Link from "next/link";
import type { LessonSummary } from "@/lib/lessons/schema";

/** Lessons in course order with each one's progress (cells run successfully). */
export function LessonNav({ lessons, progress, current }: { lessons: LessonSummary[]; progress: Record<string, number>; current?: string }) {
  return (
    <nav className="lesson-nav" aria-label="Lessons" data-testid="lesson-nav">
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
