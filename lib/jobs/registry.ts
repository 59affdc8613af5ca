/** Every job kind an instance can run, by name. Loaded lazily by the composition root: the kinds' modules use it. */
import { gridJob } from "@/lib/experiments/start-grid";
import { ingestJob } from "@/lib/ingest/start-ingest";
import { judgeJob } from "@/lib/judge/service";
import { kvgJob } from "@/lib/similarity/start-kvg";
import { slowJobKind } from "./test-job";

export const jobKinds = [ingestJob, gridJob, judgeJob, kvgJob, slowJobKind];
