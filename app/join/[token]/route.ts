import { NextResponse } from "next/server";
import { appDb } from "@/lib/db";
import { LabError } from "@/lib/errors";
import { learnerForToken } from "@/lib/learners/tokens";
import { SESSION_COOKIE } from "@/lib/server/access";
import { route } from "@/lib/server/route";

/** A learner's personal join link: sets the session cookie, then opens the lessons. */
export const GET = route<{ token: string }>(
  async (req, { params }) => {
    const { token } = await params;
    if (!(await learnerForToken(await appDb(), token))) throw new LabError("unauthorized", "This join link is not valid. Ask your instructor for a new one.");
    // A relative redirect keeps the learner on the host they used (and its cookie).
    const res = new NextResponse(null, { status: 303, headers: { location: "/" } });
    res.cookies.set(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: "lax",
      secure: new URL(req.url).protocol === "https:",
      path: "/",
      maxAge: 60 * 60 * 24 * 180,
    });
    return res;
  },
  { access: "public", path: "/join/[token]" },
);
