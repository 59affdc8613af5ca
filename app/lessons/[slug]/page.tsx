import { notFound, unauthorized } from "next/navigation";
import { publicConfig } from "@/lib/config/env";
import { appDb } from "@/lib/db";
import { exerciseStates, progress } from "@/lib/exercises/service";
import { lessons } from "@/lib/lessons/catalog";
import { findLesson, lessonSummaries } from "@/lib/lessons/load";
import { learnerForPage } from "@/lib/server/learner";
import { renderOrUnavailable } from "@/lib/server/page";
import { LessonNav, LessonPager } from "@/lib/ui/LessonNav";
import { Markdown } from "@/lib/ui/Markdown";
import { Notebook, type NotebookBlock } from "@/lib/ui/notebook/Notebook";

export const dynamic = "force-dynamic";

export default async function LessonPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return renderOrUnavailable(`/lessons/${slug}`, () => lessonPage(slug));
}

async function lessonPage(slug: string) {
  const all = lessons();
  const learner = await learnerForPage();
  if (!learner) unauthorized();
  const lesson = findLesson(all, slug);
  if (!lesson) notFound();
  const db = await appDb();
  const summaries = lessonSummaries(all);
  const [exercises, progressNow, saved] = await Promise.all([exerciseStates(db, learner, lesson), progress(db, learner, all), db.notebooks.get(learner, slug)]);
  const states = new Map(exercises.map((s) => [s.id, s]));
  const blocks: NotebookBlock[] = lesson.blocks.map((b) => {
    if (b.type === "cell") return { type: "cell", id: b.id };
    if (b.type === "markdown") return { type: "prose", node: <Markdown text={b.text} /> };
    const { type: _, ...exercise } = b;
    return { type: "exercise", exercise, prompt: <Markdown text={b.prompt} />, state: states.get(b.id)! };
  });
  return (
    <div className="lesson-layout">
      <LessonNav lessons={summaries} progress={progressNow} current={slug} />
      <main className="lesson">
        <h1>{lesson.title}</h1>
        <p className="card-meta">about {lesson.estimatedMinutes} min</p>
        <ul className="objectives">
          {lesson.objectives.map((o) => (
            <li key={o}>{o}</li>
          ))}
        </ul>
        <Notebook lesson={slug} blocks={blocks} cells={lesson.cells} saved={saved} config={publicConfig()} />
        <LessonPager lessons={summaries} current={slug} />
        {lesson.credits.length > 0 && (
          <footer className="credits">
            <h2>Credits</h2>
            <ul>
              {lesson.credits.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </footer>
        )}
      </main>
    </div>
  );
}
