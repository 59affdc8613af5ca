import { createApiClient, decodeError, type ApiClient } from "@/lib/api/client";
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

/** Untyped calls by path, for the commands whose routes have no contract yet; they move to `serverApi`. */
export function serverClient(): ((path: string, body?: unknown) => Promise<unknown>) | null {
  const { dataDir } = env();
  const server = runningServer(dataDir);
  if (!server) return null;
  const token = adminToken(dataDir);
  return async (path, body) => {
    const res = await fetch(new URL(path, server.origin), {
      method: body === undefined ? "GET" : "POST",
      headers: { [ADMIN_HEADER]: token, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw await decodeError(res, path);
    return res.json();
  };
}

export type ServerClient = NonNullable<ReturnType<typeof serverClient>>;

/**
 * Sends the work to the lab server running on this data dir (it owns the
 * embedded stores), or else runs it here and releases the engines after.
 */
export async function viaServerOrLocal<T>(remote: (client: ServerClient, api: ApiClient) => Promise<T>, local: () => Promise<T>): Promise<T> {
  const client = serverClient();
  const api = serverApi();
  if (client && api) return remote(client, api);
  try {
    return await local();
  } finally {
    await closeServices();
  }
}
