import { createHash } from "node:crypto";
import type { DBAdapter, DBTransactionAdapter, Where } from "better-auth/adapters";

/**
 * Better Auth (1.7) stores a session's bearer token as it is, in
 * `session.token`, and has no option to hash it. This wraps its database
 * adapter so that column holds sha256(token): `create` stores the hash and
 * hands back the raw token (which Better Auth signs into the cookie), and
 * every lookup by token hashes the value first. A leaked database then holds
 * no usable session. It relies on Better Auth reaching sessions by the
 * `token` field through the adapter, which its internal adapter does for
 * find, update and delete; rows listed by user carry the hash, not the token.
 */
export function hashSessionTokens<A extends DBAdapter | DBTransactionAdapter>(adapter: A): A {
  const isSession = (model: string) => model === "session";
  const hashWhere = (model: string, where: Where[] | undefined) =>
    isSession(model) && where ? where.map((w) => (w.field === "token" ? { ...w, value: Array.isArray(w.value) ? (w.value as string[]).map(sha256) : sha256(String(w.value)) } : w)) : where;
  // A row found by its raw token gets that token back, as Better Auth expects (it re-signs the cookie on refresh).
  const restore = <T>(model: string, where: Where[] | undefined, row: T): T => {
    if (!isSession(model) || !row || typeof row !== "object") return row;
    const byToken = where?.find((w) => w.field === "token");
    const tokens = byToken === undefined ? [] : Array.isArray(byToken.value) ? (byToken.value as string[]) : [String(byToken.value)];
    const raw = tokens.find((t) => sha256(t) === (row as { token?: string }).token);
    return raw === undefined ? row : { ...row, token: raw };
  };
  const hashData = <T extends Record<string, unknown>>(model: string, data: T): T => (isSession(model) && typeof data.token === "string" ? { ...data, token: sha256(data.token) } : data);

  const wrapped: DBTransactionAdapter = {
    ...adapter,
    async create<T extends Record<string, unknown>, R = T>(args: Parameters<DBAdapter["create"]>[0]): Promise<R> {
      const created = await adapter.create<T, R>({ ...args, data: hashData(args.model, args.data) as Omit<T, "id"> });
      const token = (args.data as { token?: unknown }).token;
      return (isSession(args.model) && typeof token === "string" ? { ...(created as object), token } : created) as R;
    },
    findOne: async (args) => restore(args.model, args.where, await adapter.findOne({ ...args, where: hashWhere(args.model, args.where)! })),
    findMany: async <T>(args: Parameters<DBAdapter["findMany"]>[0]) => (await adapter.findMany<T>({ ...args, where: hashWhere(args.model, args.where) })).map((row) => restore(args.model, args.where, row)),
    count: (args) => adapter.count({ ...args, where: hashWhere(args.model, args.where) }),
    update: async (args) => restore(args.model, args.where, await adapter.update({ ...args, where: hashWhere(args.model, args.where)!, update: hashData(args.model, args.update) })),
    updateMany: (args) => adapter.updateMany({ ...args, where: hashWhere(args.model, args.where)!, update: hashData(args.model, args.update) }),
    delete: (args) => adapter.delete({ ...args, where: hashWhere(args.model, args.where)! }),
    deleteMany: (args) => adapter.deleteMany({ ...args, where: hashWhere(args.model, args.where)! }),
    consumeOne: async (args) => restore(args.model, args.where, await adapter.consumeOne({ ...args, where: hashWhere(args.model, args.where)! })),
    incrementOne: async (args) => restore(args.model, args.where, await adapter.incrementOne({ ...args, where: hashWhere(args.model, args.where)! })),
  };
  if ("transaction" in adapter) {
    const outer = adapter as DBAdapter;
    return { ...wrapped, transaction: (run) => outer.transaction((trx) => run(hashSessionTokens(trx))) } as DBAdapter as A;
  }
  return wrapped as A;
}

function sha256(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
