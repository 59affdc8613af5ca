import { z } from "zod";
import { appDb } from "@/lib/db";
import { checkContext } from "@/lib/exercises/context";
import { attempt } from "@/lib/exercises/service";
import { lessons } from "@/lib/lessons/catalog";
import { currentLearner } from "@/lib/server/learner";
import { jsonBody, route } from "@/lib/server/route";

// `value`: the cell's last value, a prediction, or a Cypher cell's query; absent for state exercises.
const body = z.strictObject({ value: z.unknown().optional() });

/** Checks an answer on the server and records the attempt; a failed one earns the next hint. */
export const POST = route<{ id: string }>(async (req, { params }) => {
  const { id } = await params;
  const { value } = await jsonBody(req, body, 256_000);
  const learner = await currentLearner();
  return attempt(appDb(), learner, lessons(), id, value, checkContext(learner));
});
