import { env } from "@/lib/config/env";
import { isLabErrorCode, LabError } from "@/lib/errors";
import { ADMIN_HEADER, adminToken, runningServer } from "@/lib/server/admin";
import { closeServices } from "@/lib/services";

/**
 * Each embedded store has one owner process: when a lab server is running on
 * this data dir, the CLI sends its work there instead of opening the stores
 * itself. Requests carry the admin token from the data dir.
 */
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
    const payload = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    if (!res.ok) {
      const message = payload?.error?.message ?? `${path}: HTTP ${res.status}`;
      // The server's own error code, so --json output says what the lab said (401, 413, 429...).
      throw isLabErrorCode(payload?.error?.code) ? new LabError(payload.error.code, message) : new Error(message);
    }
    return payload;
  };
}

export type ServerClient = NonNullable<ReturnType<typeof serverClient>>;

/**
 * Sends the work to the lab server running on this data dir (it owns the
 * embedded stores), or else runs it here and releases the engines after.
 */
export async function viaServerOrLocal<T>(remote: (client: ServerClient) => Promise<T>, local: () => Promise<T>): Promise<T> {
  const client = serverClient();
  if (client) return remote(client);
  try {
    return await local();
  } finally {
    await closeServices();
  }
}
