/**
 * Who may see the dashboard. On a loopback address only this machine can connect, so no token is
 * asked for (unless `requireToken`). Anywhere else the --dashboard-token-file token is required, as
 * `Authorization: Bearer <token>`, or as the cookie set once from `GET /?token=<token>` (for a browser:
 * the token then leaves the address bar at once, through a redirect). Comparisons take constant time:
 * both sides are hashed to the same length and compared with timingSafeEqual. The cookie holds a digest
 * of the token, not the token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const DASHBOARD_COOKIE = 'gatewatch_dashboard';

export interface AccessRequest {
  /** The server listens on loopback only. */
  readonly loopback: boolean;
  /** Ask for the token even on loopback (an operator's choice; the tests of the non-loopback path). */
  readonly requireToken: boolean;
  /** The configured token; undefined without --dashboard-token-file. */
  readonly token: string | undefined;
  readonly authorization: string | undefined;
  readonly cookieHeader: string | undefined;
  /** `?token=` of the request, when it has one. */
  readonly queryToken: string | undefined;
}

export type AccessDecision =
  | { readonly allow: true; readonly setCookie?: string }
  | { readonly allow: false; readonly status: 401 | 403; readonly message: string };

function digest(value: string): Buffer {
  return createHash('sha256').update(`gatewatch-dashboard\u0000${value}`, 'utf8').digest();
}

/** Constant-time equality of two strings of any lengths. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The cookie value for a token: a digest, so the token itself is never stored in the browser. */
export function cookieValue(token: string): string {
  return createHash('sha256').update(`gatewatch-dashboard-cookie\u0000${token}`, 'utf8').digest('base64url');
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export function decideAccess(request: AccessRequest): AccessDecision {
  if (request.loopback && !request.requireToken) return { allow: true };
  const { token } = request;
  if (token === undefined)
    return {
      allow: false,
      status: 403,
      message:
        'the dashboard needs a token when not bound to loopback: start serve with --dashboard-token-file',
    };
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.authorization ?? '')?.[1];
  if (bearer !== undefined && sameSecret(bearer, token)) return { allow: true };
  const fromCookie = cookie(request.cookieHeader, DASHBOARD_COOKIE);
  if (fromCookie !== undefined && sameSecret(fromCookie, cookieValue(token))) return { allow: true };
  if (request.queryToken !== undefined && sameSecret(request.queryToken, token))
    return { allow: true, setCookie: cookieValue(token) };
  return {
    allow: false,
    status: 401,
    message: 'a dashboard token is required: Authorization: Bearer <token>, or open /?token=<token> once',
  };
}

/** The Set-Cookie header for a browser that presented the token in the URL. */
export function setCookieHeader(value: string, secure: boolean): string {
  return `${DASHBOARD_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}
