import http from "node:http";
import { expect, test } from "./support/fixtures";
import type { LabServer } from "./support/lab-server";

// Found by attacking a cohort lab from outside (2026-12-07); each test states what a user relies on.

type Invited = { invited: { learner: { id: string; name: string }; added: boolean; joinUrl: string }[] };
const JOIN = "/api/auth/join-link";
const tokenOf = (joinUrl: string) => joinUrl.split("/join/")[1];

/** The instructor's session cookie (`name=value`), from the one-time magic link the CLI prints. */
async function instructorCookie(lab: LabServer): Promise<string> {
  const { signInUrl } = lab.cli<{ signInUrl: string }>("cohort", "create", "Attack cohort");
  const res = await fetch(signInUrl, { redirect: "manual" });
  return res.headers.getSetCookie()[0].split(";")[0];
}

/** The error a refused CLI command prints as JSON (it exits non-zero). */
function cliRefusal(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (e) {
    return (JSON.parse(String((e as { stdout: Buffer }).stdout)) as { error: { code: string; message: string } }).error;
  }
  throw new Error("the command was not refused");
}

test.describe("a cohort under attack", () => {
  test.use({ serverEnv: { RAGCAMP_AUTH: "cohort" } });

  test("two different people whose names give one id are never put in one space: the second invite is refused, naming the first", async ({ lab }) => {
    const pairs = [
      ["Jo Smith", "jo.smith"],
      ["Student number 0001 from group A-North", "Student number 0001 from group A-South"],
    ];
    for (const [first, second] of pairs) {
      lab.cli<Invited>("invite", first);
      expect(cliRefusal(() => lab.cli("invite", second)), `${first} / ${second}`).toMatchObject({ code: "conflict", message: expect.stringContaining("would share the id") });
    }
    // Names without ASCII letters get ids of their own: no clash at all.
    const [li, han] = lab.cli<Invited>("invite", "李雷", "韩梅梅").invited;
    expect(li.learner.id).not.toBe(han.learner.id);
  });

  test("learners with non-Latin names can be invited", async ({ lab }) => {
    const res = await fetch(`${lab.url}/api/cohort/invite`, {
      method: "POST",
      headers: { "x-ragcamp-admin": lab.adminToken(), "content-type": "application/json" },
      body: JSON.stringify({ names: ["张伟", "Иван Петров"] }),
    });
    expect(res.status).toBe(200);
  });

  test("an invite batch refused for one name creates none of the others", async ({ lab }) => {
    const res = await fetch(`${lab.url}/api/cohort/invite`, {
      method: "POST",
      headers: { "x-ragcamp-admin": lab.adminToken(), "content-type": "application/json" },
      body: JSON.stringify({ names: ["Carla", "Dmitri", "Shared"] }),
    });
    expect(res.status).toBe(400);
    const list = lab.cli<{ learners: { id: string }[] }>("learner", "list");
    expect(list.learners.map((l) => l.id)).not.toContain("carla");
  });

  test("Better Auth's session-listing and revoke-session endpoints are off, rather than reporting a revocation that did nothing", async ({ lab }) => {
    const instructor = await instructorCookie(lab);
    const [ben] = lab.cli<Invited>("invite", "Ben").invited;
    const benCookie = lab.join(tokenOf(ben.joinUrl));
    const post = (path: string, cookie: string, body: unknown) =>
      fetch(`${lab.url}${path}`, { method: "POST", headers: { cookie, origin: lab.url, "content-type": "application/json" }, body: JSON.stringify(body) });
    for (const [path, cookie] of [
      ["/api/auth/admin/list-user-sessions", instructor],
      ["/api/auth/admin/revoke-user-session", instructor],
      ["/api/auth/revoke-session", benCookie],
      ["/api/auth/update-user", benCookie],
    ]) {
      expect((await post(path, cookie, { userId: "ben", sessionToken: "x", token: "x", name: "Mallory" })).status, path).toBe(404);
    }
    expect((await fetch(`${lab.url}/api/auth/list-sessions`, { headers: { cookie: benCookie } })).status).toBe(404);
    // The lab's own revocation is the one that works.
    expect((await fetch(`${lab.url}/api/quota`, { headers: { cookie: benCookie } })).status).toBe(200);
    expect((await post("/api/learners/ben/revoke", instructor, {})).status).toBe(200);
    expect((await fetch(`${lab.url}/api/quota`, { headers: { cookie: benCookie } })).status).toBe(401);
  });

  test("a revoked learner needs a new link: their reusable join link no longer signs them in", async ({ lab }) => {
    const [fay] = lab.cli<Invited>("invite", "Fay", "--reusable").invited;
    lab.join(tokenOf(fay.joinUrl));
    expect(lab.cli("learner", "revoke", "fay")).toMatchObject({ ok: true, revoked: 1 });
    const again = await fetch(`${lab.url}${JOIN}`, { method: "POST", headers: { origin: lab.url, "content-type": "application/json" }, body: JSON.stringify({ token: tokenOf(fay.joinUrl) }) });
    expect(again.status).not.toBe(200);
  });

  test("strangers sending bogus sign-in links cannot lock the instructor out of signing in", async ({ lab }) => {
    // With no proxy setting a one-entry X-Forwarded-For, Better Auth finds no client address and every caller shares one bucket (5 a minute).
    for (let i = 0; i < 6; i++) await fetch(`${lab.url}/api/auth/magic-link/verify?token=bogus-${i}&callbackURL=%2F`, { redirect: "manual" });
    await instructorCookie(lab);
    const { signInUrl } = lab.cli<{ signInUrl: string }>("cohort", "sign-in");
    const res = await fetch(signInUrl, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.getSetCookie().join()).toContain("session_token=");
  });

  test("strangers' sign-out requests do not stop a learner from signing out", async ({ lab }) => {
    const [eve] = lab.cli<Invited>("invite", "Eve").invited;
    const cookie = lab.join(tokenOf(eve.joinUrl));
    const signOut = (headers: Record<string, string>) =>
      fetch(`${lab.url}/api/auth/sign-out`, { method: "POST", headers: { origin: lab.url, "content-type": "application/json", ...headers }, body: "{}" });
    for (let i = 0; i < 100; i++) await signOut({});
    expect((await signOut({ cookie })).status).toBe(200);
    expect((await fetch(`${lab.url}/api/quota`, { headers: { cookie } })).status).toBe(401);
  });
});

/** A JSON POST sent to the lab's socket under another Host name, as a request through its public address arrives. */
function postAs(lab: LabServer, host: string, path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(
      { host: "127.0.0.1", port: lab.port, path, method: "POST", headers: { host, origin: `http://${host}`, "content-type": "application/json", "content-length": Buffer.byteLength(data) } },
      (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as unknown }));
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

test.describe("a lab hosted as the README says, before `ragcamp cohort create`", () => {
  test.use({ serverEnv: { RAGCAMP_PUBLIC_URL: "http://lab.test" } });

  test("a stranger at the public address cannot act as the instructor and keep a learner account", async ({ lab }) => {
    const minted = await postAs(lab, "lab.test", "/api/cohort/invite", { names: ["Mallory"], reusable: true });
    expect(minted.status).toBe(401);
  });
});
