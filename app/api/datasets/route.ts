import { listDatasets } from "@/lib/captions/datasets";
import { route } from "@/lib/server/route";

export const GET = route(async () => ({ datasets: await listDatasets() }));
