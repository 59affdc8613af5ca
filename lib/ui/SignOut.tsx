"use client";

import { useRouter } from "next/navigation";
import { createApiClient } from "@/lib/api/client";
import { authPost } from "@/lib/auth/contract";
import { dropAllDrafts } from "./notebook/drafts";

const api = createApiClient();

/** Ends this browser's session (Better Auth's sign-out), then shows the page as a stranger sees it. */
export function SignOut() {
  const router = useRouter();
  const signOut = async () => {
    await api.open(authPost, { params: { all: ["sign-out"] }, input: {} });
    dropAllDrafts();
    router.replace("/");
    router.refresh();
  };
  return (
    <button type="button" className="sign-out" data-testid="sign-out" onClick={signOut}>
      Sign out
    </button>
  );
}
