import { getDatasets } from "@/lib/captions/contract";
import { listDatasets } from "@/lib/captions/datasets";
import { route } from "@/lib/server/route";

export const GET = route(getDatasets, async () => ({ datasets: await listDatasets() }));
