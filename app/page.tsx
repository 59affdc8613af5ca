import Link from "next/link";
import { appDb } from "@/lib/db";
import { lessons } from "@/lib/lessons/catalog";
import { lessonSummaries } from "@/lib/lessons/load";
import { authMode } from "@/lib/auth";
import { env } from "@/lib/config/env";
import { callerForPage } from "@/lib/server/learner";
import { renderOrUnavailable } from "@/lib/server/page";
import { unauthorized } from "next/navigation";
import { progress as lessonProgress } from "@/lib/exercises/service";
import { LessonProgressView } from "@/lib/ui/LessonNav";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  return renderOrUnavailable("/", homePage);
}

async function homePage() {
  const caller = await callerForPage();
  if (!caller) unauthorized();
  const learner = caller.learner;
  const all = lessonSummaries(lessons());
  const progress = await lessonProgress(await appDb(), learner, lessons());
  return (
    <main className="home">
      <h1>Lessons</h1>
      <p className="lead">Read, edit and run every cell. Your edits and outputs are saved as you go.</p>
      {caller.instructor && (await authMode(env(), await appDb())) === "cohort" && (
        <p>
          <Link href="/instructor" data-testid="dashboard-link">
            Your cohort&apos;s progress →
          </Link>
        </p>
      )}
      <ol className="lesson-cards" data-testid="lesson-list">
        {all.map((l) => (
          <li key={l.slug} className="lesson-card">
            <Link href={`/lessons/${l.slug}`} data-testid={`lesson-link-${l.slug}`}>
              <span className="card-order">Lesson {l.order}</span>
              <h2>{l.title}</h2>
            </Link>
            <p className="card-meta">
              about {l.estimatedMinutes} min · {l.cellCount} cells · {l.exerciseCount} exercises
            </p>
            <ul className="objectives">
              {l.objectives.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
            <LessonProgressView lesson={l} progress={progress[l.slug]} />
          </li>
        ))}
      </ol>
    </main>
  );
}
