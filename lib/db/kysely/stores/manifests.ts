import type { Tables } from "../schema";
import { type Db, type Stores, now, startsWith, json, parseJson } from "./shared";

function manifestFromRow(r: Tables["collection_manifest"]) {
  return { name: r.name, meta: parseJson(r.meta), createdAt: r.created_at };
}

export function manifestStore(db: Db): Stores["manifests"] {
  return {
    async list(engine, prefix = "") {
      const rows = await db
        .selectFrom("collection_manifest")
        .selectAll()
        .where("engine", "=", engine)
        .where((eb) => startsWith(eb, eb.ref("name"), prefix))
        .execute();
      // Sorted here, by code unit: the engines' text collations differ.
      return rows.map(manifestFromRow).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },

    async get(engine, name) {
      const row = await db.selectFrom("collection_manifest").selectAll().where("engine", "=", engine).where("name", "=", name).executeTakeFirst();
      return row && manifestFromRow(row);
    },

    async put(engine, name, meta) {
      await db
        .insertInto("collection_manifest")
        .values({ engine, name, meta: json(meta), created_at: now() })
        .onConflict((oc) => oc.columns(["engine", "name"]).doUpdateSet((eb) => ({ meta: eb.ref("excluded.meta"), created_at: eb.ref("excluded.created_at") })))
        .execute();
    },

    async delete(engine, name) {
      await db.deleteFrom("collection_manifest").where("engine", "=", engine).where("name", "=", name).execute();
    },
  };
}
