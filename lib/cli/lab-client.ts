import { createApiClient, type ApiClient } from "@/lib/api/client";
import { env } from "@/lib/config/env";
import { ADMIN_HEADER, adminToken, runningServer } from "@/lib/server/admin";
import { closeServices } from "@/lib/services";

/**
 * Each embedded store has one owner process: when a lab server is running on
 * this data dir, the CLI sends its work there instead of opening the stores
 * itself. Requests carry the admin token from the data dir.
 */
export function serverApi(): ApiClient | null {
  const { dataDir } = env();
  const server = runningServer(dataDir);
  if (!server) return null;
  return createApiClient({ origin: server.origin, headers: { [ADMIN_HEADER]: adminToken(dataDir) } });
}

/**
 * Sends the work to the lab server running on this data dir (it owns the
 * embedded stores), or else runs it here and releases the engines after.
 */
export async function viaServerOrLocal<T>(remote: (api: ApiClient) => Promise<T>, local: () => Promise<T>): Promise<T> {
  const api = serverApi();
  if (api) return remote(api);
  try {
    return await local();
  } finally {
    await closeServices();
  }
}
