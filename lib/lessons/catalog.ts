import { LabError } from "@/lib/errors";
import { findLesson, loadLessons } from "./load";
import type { Lesson } from "./schema";

let cached: Lesson[] | undefined;

/** All lessons; read once in production, on every call in development so edits show. */
export function lessons(): Lesson[] {
  if (cached) return cached;
  const loaded = loadLessons();
  if (process.env.NODE_ENV === "production") cached = loaded;
  return loaded;
}

export function lessonOrThrow(slug: string): Lesson {
  const lesson = findLesson(lessons(), slug);
  if (!lesson) throw new LabError("not_found", `No lesson "${slug}"`);
  return lesson;
}

export function cellOrThrow(lesson: Lesson, cellId: string) {
  const cell = lesson.cells.find((c) => c.id === cellId);
  if (!cell) throw new LabError("not_found", `Lesson "${lesson.slug}" has no cell "${cellId}"`);
  return cell;
}
