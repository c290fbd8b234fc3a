/**
 * Who may see the dashboard: the decision table (loopback, token configured, credentials presented)
 * and the constant-time comparison.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  cookieValue,
  decideAccess,
  sameSecret,
  setCookieHeader,
  type AccessRequest,
} from './dashboard-access.ts';

const TOKEN = 's3cret-token';
const base: AccessRequest = {
  loopback: false,
  requireToken: false,
  token: TOKEN,
  authorization: undefined,
  cookieHeader: undefined,
  queryToken: undefined,
};

describe('dashboard access', () => {
  it('lets anyone in on loopback, unless a token is required there too', () => {
    assert.deepEqual(decideAccess({ ...base, loopback: true, token: undefined }), { allow: true });
    assert.equal(decideAccess({ ...base, loopback: true, requireToken: true }).allow, false);
  });

  it('refuses everything off loopback when no token is configured (403)', () => {
    const decision = decideAccess({ ...base, token: undefined, authorization: 'Bearer anything' });
    assert.ok(!decision.allow && decision.status === 403);
    assert.match(decision.message, /--dashboard-token-file/);
  });

  it('needs the token (401 without it, or with a wrong one)', () => {
    for (const request of [
      base,
      { ...base, authorization: 'Bearer wrong' },
      { ...base, authorization: `Basic ${TOKEN}` },
      { ...base, cookieHeader: `gatewatch_dashboard=${TOKEN}` },
      { ...base, queryToken: `${TOKEN}x` },
    ]) {
      const decision = decideAccess(request);
      assert.ok(!decision.allow && decision.status === 401, JSON.stringify(request));
      assert.ok(!decision.message.includes(TOKEN), 'the token is never echoed');
    }
  });

  it('accepts the bearer token, the cookie, and ?token= (which asks to set the cookie)', () => {
    assert.deepEqual(decideAccess({ ...base, authorization: `Bearer ${TOKEN}` }), { allow: true });
    assert.deepEqual(
      decideAccess({ ...base, cookieHeader: `theme=dark; gatewatch_dashboard=${cookieValue(TOKEN)}` }),
      { allow: true },
    );
    assert.deepEqual(decideAccess({ ...base, queryToken: TOKEN }), {
      allow: true,
      setCookie: cookieValue(TOKEN),
    });
  });

  it('compares in constant time whatever the lengths, and keeps the token out of the cookie', () => {
    assert.equal(sameSecret(TOKEN, TOKEN), true);
    assert.equal(sameSecret(TOKEN, `${TOKEN}-longer`), false);
    assert.equal(sameSecret('', TOKEN), false);
    assert.notEqual(cookieValue(TOKEN), TOKEN);
    assert.equal(
      setCookieHeader('v', true),
      'gatewatch_dashboard=v; Path=/; HttpOnly; SameSite=Strict; Secure',
    );
    assert.ok(!setCookieHeader('v', false).includes('Secure'));
  });
});
