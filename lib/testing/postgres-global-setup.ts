import type { TestProject } from "vitest/node";
import { startPostgres } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's throwaway cluster; take a database of your own with freshDatabase(). */
    postgresUrl: string;
  }
}

/** One PostgreSQL cluster for the whole vitest run; test files read its URL with inject("postgresUrl"). */
export default async function setup({ provide }: TestProject) {
  const cluster = await startPostgres();
  provide("postgresUrl", cluster.url);
  return () => cluster.stop();
}
