import Link from "next/link";

/** What `notFound()` and unknown paths render, with status 404. */
export default function NotFound() {
  return (
    <main className="home" data-testid="not-found">
      <h1>Page not found</h1>
      <p className="lead">There is no page at this address. The lesson may have been renamed, or the link mistyped.</p>
      <p>
        <Link href="/">Back to all lessons</Link>
      </p>
    </main>
  );
}
