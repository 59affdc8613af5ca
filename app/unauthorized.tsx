import { SignInNeeded } from "@/lib/ui/SignInNeeded";

/** What `unauthorized()` renders, with status 401, for a page opened without a session. */
export default function Unauthorized() {
  return <SignInNeeded />;
}
