import Link from "next/link";

/** What `forbidden()` renders, with status 403: a signed-in learner opened an instructor's page. */
export default function Forbidden() {
  return (
    <main className="home" data-testid="forbidden">
      <h1>Only your instructor can open this page</h1>
      <p className="lead">
        Your lessons are on the <Link href="/">home page</Link>.
      </p>
    </main>
  );
}
