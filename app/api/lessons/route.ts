import { lessons } from "@/lib/lessons/catalog";
import { listLessons } from "@/lib/lessons/contract";
import { lessonSummaries } from "@/lib/lessons/load";
import { route } from "@/lib/server/route";

export const GET = route(listLessons, async () => ({ lessons: lessonSummaries(lessons()) }));
