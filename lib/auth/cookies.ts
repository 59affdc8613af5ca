/** The session cookie's names: Better Auth's `<prefix>.session_token`, with __Secure- on https. */
export const COOKIE_PREFIX = "ragcamp";
export const SESSION_COOKIE = `${COOKIE_PREFIX}.session_token`;
export const SESSION_COOKIES = [SESSION_COOKIE, `__Secure-${SESSION_COOKIE}`] as const;
