import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";
import { services } from "@/lib/services";

export const POST = route<{ id: string }>(async (_req, { params }) => services.jobs().cancel(await currentLearner(), (await params).id));
