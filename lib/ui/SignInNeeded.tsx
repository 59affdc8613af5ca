/** Shown to a cohort member without a session: not joined yet, signed out, or revoked. */
export function SignInNeeded() {
  return (
    <main className="home" data-testid="sign-in-needed">
      <h1>Sign in to your lab</h1>
      <p className="lead">
        This lab is hosted for a cohort. Open the personal join link your instructor gave you and press Join: that signs you in on this browser
        and keeps your work separate from everyone else&apos;s. Instructors: <code>ragcamp cohort sign-in</code> prints your sign-in link.
      </p>
    </main>
  );
}
