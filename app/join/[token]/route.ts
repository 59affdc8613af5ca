import { AUTH_BASE_PATH, JOIN_PATH } from "@/lib/auth";
import { appDb } from "@/lib/db";
import { LINK_MESSAGES, linkState } from "@/lib/learners/tokens";
import { route } from "@/lib/server/route";
import { DRAFT_PREFIX } from "@/lib/ui/notebook/drafts";

/**
 * A learner's personal join link: a page with their name and a Join button.
 * Opening it changes nothing and sets no cookie, so a chat or mail link
 * previewer fetching it neither uses it up nor signs in; the button's POST
 * (Origin-checked, rate-limited) exchanges it for a session. A link that
 * cannot be used says why and what to do.
 */
export const GET = route<{ token: string }>(async (_req, { params }) => page(await linkState(await appDb(), (await params).token), (await params).token), { access: "public", path: "/join/[token]" });

function page(link: Awaited<ReturnType<typeof linkState>>, token: string): Response {
  const body =
    link.state === "ok"
      ? `<h1>Welcome, ${escape(link.link.learner.name)}</h1>
<p class="lead">This is your personal link to the cohort's lab. Join to sign in on this browser; your work stays separate from everyone else's.</p>
<button type="button" id="join" data-testid="join-button">Join the lab</button>
<p id="join-error" class="join-error" role="alert" data-testid="join-error"></p>
<script>
document.getElementById("join").addEventListener("click", async (ev) => {
  ev.target.disabled = true;
  const res = await fetch(${JSON.stringify(AUTH_BASE_PATH + JOIN_PATH)}, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: ${scriptString(token)} }) });
  if (res.ok) {
    // Unsaved drafts in this tab are the last learner's (lib/ui/notebook/drafts.ts).
    Object.keys(sessionStorage).filter((k) => k.startsWith(${JSON.stringify(DRAFT_PREFIX)})).forEach((k) => sessionStorage.removeItem(k));
    return location.replace("/");
  }
  if (res.status === 401 || res.status === 410) return location.reload();
  const answer = await res.json().catch(() => ({}));
  document.getElementById("join-error").textContent = answer.error?.message || "Joining failed; try again in a minute.";
  ev.target.disabled = false;
});
</script>`
      : `<h1>${link.state === "unknown" ? "This link does not work" : link.state === "used" ? "This link was already used" : "This link has expired"}</h1>
<p class="lead" data-testid="link-problem">${escape(LINK_MESSAGES[link.state])}</p>`;
  const status = link.state === "ok" ? 200 : link.state === "unknown" ? 404 : 410;
  return new Response(html(body), { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "referrer-policy": "no-referrer" } });
}

const html = (body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Join · ragcamp</title>
<style>
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #111827; background: #f9fafb; }
header { padding: 0.7rem 1.5rem; background: #111827; color: #fff; font-weight: 700; font-size: 1.15rem; }
main { max-width: 36rem; margin: 3rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.6rem; margin: 0 0 0.75rem; }
.lead { color: #374151; }
button { font: inherit; font-weight: 600; padding: 0.6rem 1.4rem; border: 0; border-radius: 6px; background: #2563eb; color: #fff; cursor: pointer; }
button:disabled { opacity: 0.6; }
.join-error { color: #b91c1c; min-height: 1.5em; }
</style></head>
<body><header>ragcamp</header><main>${body}</main></body></html>`;

/** A string literal safe inside <script>: no "</script>" can close it. */
const scriptString = (text: string) => JSON.stringify(text).replace(/</g, "\\u003c");

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
