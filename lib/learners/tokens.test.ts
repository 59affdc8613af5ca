import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openAppDb, type AppDb } from "@/lib/db";
import { checkInvites, invite, linkState, parseDuration, useLink } from "./tokens";

let dir = "";
let db: AppDb | undefined;
async function freshDb(): Promise<AppDb> {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-links-"));
  return (db = await openAppDb({ dataDir: dir }));
}
afterEach(async () => {
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("join links", () => {
  it("are single-use by default: looking at one changes nothing, using it does", async () => {
    const db = await freshDb();
    const { learner, token, added } = await invite(db, "Ana Lima");
    expect(learner.id).toBe("ana-lima");
    expect(added).toBe(true);
    expect((await linkState(db, token)).state).toBe("ok");
    expect((await linkState(db, token)).state).toBe("ok");
    expect(await useLink(db, token)).toMatchObject({ state: "ok", link: { learner: { id: "ana-lima" } } });
    expect((await useLink(db, token)).state).toBe("used");
    expect((await linkState(db, "not-a-token")).state).toBe("unknown");
  });

  it("give an invited learner a new link that ends the old ones, and a reusable one works again until it expires", async () => {
    const db = await freshDb();
    const first = await invite(db, "Ana");
    const again = await invite(db, "Ana", { reusable: true, expiresInS: 3600 });
    expect(again.added).toBe(false);
    // The new link replaces the old, which may have leaked.
    expect((await linkState(db, first.token)).state).toBe("expired");
    expect((await useLink(db, again.token)).state).toBe("ok");
    expect((await useLink(db, again.token)).state).toBe("ok");
    const later = new Date(Date.now() + 3601_000).toISOString();
    expect((await linkState(db, again.token, later)).state).toBe("expired");
  });

  it("refuse names that would take the owner's or the course's space", async () => {
    const db = await freshDb();
    await expect(invite(db, "Local")).rejects.toMatchObject({ code: "bad_input" });
    await expect(invite(db, "shared")).rejects.toMatchObject({ code: "bad_input" });
    await expect(invite(db, "!!!")).rejects.toMatchObject({ code: "bad_input" });
    for (const disguised of ["Ana\u202Eevil", "Ana\u200B", "Ana\nLima"]) await expect(invite(db, disguised)).rejects.toMatchObject({ code: "bad_input", message: expect.stringContaining("invisible or control character") });
  });

  it("never let two people share one space: a name with another's id is refused, a re-invite by name or id is not", async () => {
    const db = await freshDb();
    await invite(db, "Alice");
    for (const other of ["ALICE", "alice!", "Alice."]) await expect(invite(db, other)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining('share the id "alice" with Alice') });
    expect((await invite(db, "Alice")).added).toBe(false);
    expect((await invite(db, "alice")).learner.name).toBe("Alice");
  });

  it("let two invites of one new name race: both get links for the one learner", async () => {
    const db = await freshDb();
    const both = await Promise.all([invite(db, "Zoe"), invite(db, "Zoe")]);
    expect(both.map((b) => b.learner.id)).toEqual(["zoe", "zoe"]);
    expect((await db.learners.list()).map((l) => l.name)).toEqual(["Zoe"]);
    expect((await useLink(db, both[0].token)).state).toBe("ok");
    expect((await useLink(db, both[1].token)).state).toBe("ok");
  });

  it("give names without ASCII letters or digits an id of their own", async () => {
    const db = await freshDb();
    const [zhang, ivan, li] = [await invite(db, "张伟"), await invite(db, "Иван Петров"), await invite(db, "李雷")];
    expect(new Set([zhang.learner.id, ivan.learner.id, li.learner.id]).size).toBe(3);
    for (const { learner } of [zhang, ivan, li]) expect(learner.id).toMatch(/^l-[0-9a-f]{10}$/);
    expect((await invite(db, "张伟")).learner.id).toBe(zhang.learner.id);
  });

  it("check a whole batch before inviting anyone", async () => {
    const db = await freshDb();
    await expect(checkInvites(db, ["Carla", "Dmitri", "Shared"])).rejects.toMatchObject({ code: "bad_input" });
    await expect(checkInvites(db, ["Jo Smith", "jo.smith"])).rejects.toMatchObject({ code: "conflict" });
    expect(await db.learners.list()).toEqual([]);
    await expect(checkInvites(db, ["Carla", "Dmitri"])).resolves.toBeUndefined();
  });

  it("expire after a duration written as 7d, 12h or 30m", () => {
    expect(parseDuration("7d")).toBe(7 * 86_400);
    expect(parseDuration("12h")).toBe(12 * 3_600);
    expect(parseDuration("30m")).toBe(1_800);
    for (const bad of ["0d", "7", "1w", "-1d", ""]) expect(() => parseDuration(bad)).toThrow(/not a duration/);
  });
});
