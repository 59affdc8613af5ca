import { lessonSummaries } from "@/lib/lessons/load";
import { lessons } from "@/lib/lessons/catalog";
import { route } from "@/lib/server/route";

export const GET = route(async () => ({ lessons: lessonSummaries(lessons()) }));
