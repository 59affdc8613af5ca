/** Shown instead of a page when a service it needs (the app database, a model server) cannot be reached. */
export function ServiceUnavailable({ message }: { message: string }) {
  return (
    <main className="home" data-testid="service-unavailable">
      <h1>The lab cannot reach a service it needs</h1>
      <p className="lead">{message}</p>
      <p>Nothing you saved is lost. If you host this lab, check that service and its settings (<code>ragcamp doctor</code> says which one); otherwise tell your instructor. Reload the page once it is back.</p>
    </main>
  );
}
