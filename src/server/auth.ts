/**
 * Who may call `/audit`: the API server's audit webhook, identified by the bearer token of its
 * kubeconfig (`--audit-token-file`) or by a client certificate signed by `--client-ca-file`. Tokens
 * are compared in constant time (on their SHA-256 digests, so the length of the expected token does
 * not leak either).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TLSSocket } from 'node:tls';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** The token of an `Authorization: Bearer …` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

export function tokenMatches(presented: string, expected: string): boolean {
  // Both digests are always computed and compared: the time taken does not depend on the input.
  const equal = timingSafeEqual(digest(presented), digest(expected));
  return equal && expected !== '';
}

/** Whether the connection presented a client certificate that verified against --client-ca-file. */
export function hasVerifiedClientCertificate(incoming: IncomingMessage): boolean {
  const socket = incoming.socket;
  if (!(socket instanceof TLSSocket) || !socket.authorized) return false;
  const peer = socket.getPeerCertificate();
  return Object.keys(peer).length > 0;
}

/** Whether the connection presented a client certificate at all (verified or not). */
export function presentedClientCertificate(incoming: IncomingMessage): boolean {
  const socket = incoming.socket;
  return socket instanceof TLSSocket && Object.keys(socket.getPeerCertificate()).length > 0;
}

export type CallerCheck =
  | { readonly ok: true; readonly by: 'token' | 'certificate' }
  | { readonly ok: false; readonly status: 401 | 403; readonly message: string };

export interface CallerPolicy {
  /** The expected bearer token (current contents of --audit-token-file). */
  readonly token: () => string | undefined;
  /** --client-ca-file was given. */
  readonly clientCertificates: boolean;
}

/** 401 when no credentials came, 403 when the ones that came are not accepted. */
export function checkCaller(incoming: IncomingMessage, policy: CallerPolicy): CallerCheck {
  if (policy.clientCertificates && hasVerifiedClientCertificate(incoming))
    return { ok: true, by: 'certificate' };
  const header = incoming.headers.authorization;
  const presented = bearerToken(header);
  const expected = policy.token();
  if (presented !== undefined && expected !== undefined && tokenMatches(presented, expected))
    return { ok: true, by: 'token' };
  if (presented !== undefined || presentedClientCertificate(incoming))
    return { ok: false, status: 403, message: 'the credentials presented are not accepted' };
  return { ok: false, status: 401, message: 'a bearer token or a client certificate is required' };
}
