import fs from "node:fs";
import path from "node:path";
import { parseLesson } from "./parse";
import type { LessonInfo } from "./contract";
import type { Lesson } from "./schema";

export function lessonsDir(): string {
  return path.join(process.cwd(), "lessons");
}

/** Reads and validates every lesson; any malformed file fails the whole load. */
export function loadLessons(dir = lessonsDir()): Lesson[] {
  const files = fs.readdirSync(/*turbopackIgnore: true*/ dir).filter((f) => f.endsWith(".md")).sort();
  const lessons = files.map((f) => parseLesson(path.join("lessons", f), fs.readFileSync(path.join(/*turbopackIgnore: true*/ dir, f), "utf8")));
  const bySlug = new Map<string, string>();
  for (const l of lessons) {
    const other = bySlug.get(l.slug);
    if (other) throw new Error(`${l.file}: slug "${l.slug}" is already used by ${other}`);
    bySlug.set(l.slug, l.file);
  }
  // Exercise ids are unique across lessons: a cell's lab.submit(id, value) names only the exercise.
  const byExercise = new Map<string, string>();
  for (const l of lessons) {
    for (const ex of l.exercises) {
      const other = byExercise.get(ex.id);
      if (other) throw new Error(`${l.file}: exercise id "${ex.id}" is already used by ${other}`);
      byExercise.set(ex.id, l.file);
    }
  }
  return lessons.sort((a, b) => a.order - b.order);
}

export function lessonSummaries(lessons: Lesson[]): LessonInfo[] {
  return lessons.map(({ slug, title, order, estimatedMinutes, objectives, cells, exercises }) => ({
    slug,
    title,
    order,
    estimatedMinutes,
    objectives,
    cellCount: cells.length,
    exerciseCount: exercises.length,
  }));
}

export function findLesson(lessons: Lesson[], slug: string): Lesson | undefined {
  return lessons.find((l) => l.slug === slug);
}
