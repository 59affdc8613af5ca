/**
 * Every route's contract, one namespace per capability. The contract test
 * checks that each app/api route is served through one of these and each of
 * these is served by its route; lab.d.ts is generated from the schemas they
 * register.
 */
export * as jobs from "@/lib/jobs/contract";
export * as exercises from "@/lib/exercises/contract";
export * as lessons from "@/lib/lessons/contract";
