import { z } from "zod";
import { boundedJson } from "@/lib/validation/json";

export const graphQueryRequestSchema = z.strictObject({
  cypher: z.string().trim().min(1, "the query is empty").max(20_000),
  params: z.record(z.string(), boundedJson).default({}),
  rowLimit: z.int().min(1).max(10_000).default(1_000),
  /** Only honoured for instructors (the CLI's --allow-write). */
  allowWrite: z.boolean().default(false),
  /** "shared": the course graph, read-only. "scratch": the learner's own graph, writable. */
  graph: z.enum(["shared", "scratch"]).default("shared"),
});
