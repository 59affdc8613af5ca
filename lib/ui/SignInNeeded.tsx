/** Shown to a cohort member who has not opened their join link yet. */
export function SignInNeeded() {
  return (
    <main className="home" data-testid="sign-in-needed">
      <h1>Sign in to your lab</h1>
      <p className="lead">
        This lab is hosted for a cohort. Open the personal join link your instructor gave you; it signs you in on this browser and keeps your work
        separate from everyone else&apos;s.
      </p>
    </main>
  );
}
