/**
 * Every route's contract, one namespace per capability. The contract test
 * checks that each app/api route is served through one of these and each of
 * these is served by its route; lab.d.ts is generated from the schemas they
 * register.
 */
export * as auth from "@/lib/auth/contract";
export * as captions from "@/lib/captions/contract";
export * as cohort from "@/lib/cohort/contract";
export * as exercises from "@/lib/exercises/contract";
export * as experiments from "@/lib/experiments/contract";
export * as graph from "@/lib/graph/contract";
export * as ingest from "@/lib/ingest/contract";
export * as jobs from "@/lib/jobs/contract";
export * as judge from "@/lib/judge/contract";
export * as lessons from "@/lib/lessons/contract";
export * as llm from "@/lib/llm/contract";
export * as qa from "@/lib/qa/contract";
export * as quotas from "@/lib/quotas/contract";
export * as retrieval from "@/lib/retrieval/contract";
export * as server from "@/lib/server/contract";
export * as similarity from "@/lib/similarity/contract";
