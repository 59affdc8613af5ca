import { appDb } from "@/lib/db";
import { lessonOrThrow } from "@/lib/lessons/catalog";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

export const GET = route<{ lesson: string }>(async (req, { params }) => {
  const { lesson } = await params;
  return appDb().getNotebook(await currentLearner(), lessonOrThrow(lesson).slug);
});
