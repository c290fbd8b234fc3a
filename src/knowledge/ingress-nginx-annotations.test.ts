import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ANNOTATION_RISKS,
  NGINX_ANNOTATIONS,
  editDistance,
  injectionCharacter,
  isSnippetAnnotation,
  nearestAnnotationName,
  nginxAnnotation,
  validateAnnotationValue,
  validateArrayOfServerName,
  validateBool,
  validateCidrs,
  validateCommonName,
  validateDuration,
  validateInt,
  validateServiceName,
} from './ingress-nginx-annotations.ts';

const active = NGINX_ANNOTATIONS.filter((entry) => !entry.removed);

describe('ingress-nginx annotation knowledge base', () => {
  it('every entry has a risk, a validator and a source', () => {
    for (const entry of NGINX_ANNOTATIONS) {
      assert.ok(ANNOTATION_RISKS.includes(entry.risk), `${entry.name} risk`);
      assert.ok(entry.value.type.length > 0, `${entry.name} validator`);
      assert.match(entry.source, /^kubernetes\/ingress-nginx/, `${entry.name} source`);
      if (entry.removed || entry.deprecated)
        assert.ok(entry.note, `${entry.name} says why it is removed or deprecated`);
    }
  });

  it('names are unique and unprefixed', () => {
    const names = NGINX_ANNOTATIONS.map((entry) => entry.name);
    assert.equal(new Set(names).size, names.length);
    for (const name of names) assert.match(name, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it('knows a plausible number of annotations', () => {
    assert.ok(active.length > 100, `${active.length} annotations still read`);
    assert.ok(NGINX_ANNOTATIONS.length - active.length >= 20, 'removed annotations');
  });

  it('lists the removed annotations the spec names', () => {
    for (const name of [
      'secure-backends',
      'grpc-backend',
      'add-base-url',
      'base-url-scheme',
      'session-cookie-hash',
      'mirror-uri',
      'enable-influxdb',
      'influxdb-measurement',
      'influxdb-port',
      'influxdb-host',
      'influxdb-server-name',
      'secure-verify-ca-secret',
    ]) {
      assert.equal(nginxAnnotation(name)?.removed, true, name);
    }
  });

  it('carries the risk levels of the controller table', () => {
    const expected: Record<string, string> = {
      'server-snippet': 'Critical',
      'configuration-snippet': 'Critical',
      'auth-snippet': 'Critical',
      'modsecurity-snippet': 'Critical',
      'stream-snippet': 'Critical',
      'auth-url': 'High',
      'auth-tls-match-cn': 'High',
      'mirror-target': 'High',
      'server-alias': 'High',
      'upstream-hash-by': 'High',
      'proxy-ssl-name': 'High',
      'rewrite-target': 'Medium',
      'permanent-redirect': 'Medium',
      'auth-tls-verify-client': 'Medium',
      'backend-protocol': 'Low',
      'ssl-redirect': 'Low',
    };
    for (const [name, risk] of Object.entries(expected))
      assert.equal(nginxAnnotation(name)?.risk, risk, name);
    assert.deepEqual(
      active
        .filter(isSnippetAnnotation)
        .map((entry) => entry.name)
        .sort(),
      ['auth-snippet', 'configuration-snippet', 'modsecurity-snippet', 'server-snippet', 'stream-snippet'],
    );
  });

  it('accepts every documented example', () => {
    for (const entry of NGINX_ANNOTATIONS)
      assert.equal(
        validateAnnotationValue(entry.name, entry.example),
        undefined,
        `${entry.name}: ${entry.example}`,
      );
  });
});

describe('validators', () => {
  it('booleans, integers and durations as Go parses them', () => {
    for (const value of ['true', 'false', 'True', '1', '0', 'F'])
      assert.equal(validateBool(value), undefined, value);
    for (const value of ['yes', 'on', 'TRue', '']) assert.notEqual(validateBool(value), undefined, value);
    for (const value of ['0', '-5', '+12', '9223372036854775807'])
      assert.equal(validateInt(value), undefined, value);
    for (const value of ['1.5', '10s', ' 1', '99999999999999999999'])
      assert.notEqual(validateInt(value), undefined, value);
    for (const value of ['30s', '1h30m', '1.5h', '0', '300ms'])
      assert.equal(validateDuration(value), undefined, value);
    for (const value of ['30', '1d', 'soon']) assert.notEqual(validateDuration(value), undefined, value);
  });

  it('sizes, enums and CIDR lists', () => {
    assert.equal(validateAnnotationValue('proxy-body-size', '8m'), undefined);
    assert.equal(validateAnnotationValue('proxy-body-size', '0'), undefined);
    assert.notEqual(validateAnnotationValue('proxy-body-size', '8mb'), undefined);
    assert.equal(validateAnnotationValue('backend-protocol', 'GRPCS'), undefined, 'case-insensitive');
    assert.notEqual(validateAnnotationValue('backend-protocol', 'AJP'), undefined, 'AJP was removed');
    assert.notEqual(validateAnnotationValue('load-balance', 'least_conn'), undefined);
    assert.equal(validateAnnotationValue('session-cookie-samesite', 'Strict'), undefined);
    for (const value of ['on', 'off', 'optional', 'optional_no_ca'])
      assert.equal(validateAnnotationValue('auth-tls-verify-client', value), undefined, value);
    for (const value of ['On', 'required', 'on\r\nfoo', 'optional_no_ca;'])
      assert.notEqual(validateAnnotationValue('auth-tls-verify-client', value), undefined, value);
    assert.equal(validateCidrs('10.0.0.0/8, 192.168.0.1,2001:db8::/32'), undefined);
    for (const value of ['10.0.0.0/33', '10.0.0', 'any', '10.0.0.0/8,,'])
      assert.notEqual(validateCidrs(value), undefined, value);
  });

  it('names: Services, server names, common names', () => {
    assert.equal(validateServiceName('error-pages'), undefined);
    for (const value of ['Error', '1pages', 'a_b', 'a'.repeat(64)])
      assert.notEqual(validateServiceName(value), undefined, value);
    assert.equal(validateArrayOfServerName('www.example.com, ~^www\\d+\\.example\\.com$'), undefined);
    assert.notEqual(validateArrayOfServerName('www.example.com;'), undefined);
    assert.equal(validateCommonName('CN=client'), undefined);
    assert.notEqual(validateCommonName('client'), undefined);
    assert.notEqual(validateCommonName('CN=(unclosed'), undefined);
  });

  it('closes the unanchored-regex gaps (CVE-2026-1580)', () => {
    assert.notEqual(validateAnnotationValue('auth-method', 'GET;'), undefined);
    assert.notEqual(validateAnnotationValue('auth-type', 'basic x'), undefined);
    assert.notEqual(validateAnnotationValue('session-cookie-max-age', 'abc5'), undefined);
  });

  it('does not backtrack for ever on long hostile values', () => {
    const hostile = `${'a,'.repeat(5000)}!`;
    const start = performance.now();
    for (const entry of active) validateAnnotationValue(entry.name, hostile);
    assert.ok(performance.now() - start < 1000);
  });
});

describe('injection payloads', () => {
  // Shapes of the published exploits; the payload ends its directive and opens a new one.
  const payloads: readonly [string, string, string][] = [
    // CVE-2023-5044
    ['permanent-redirect', 'https://www.example.com;\n}\nlocation ~* "^/x" { alias /etc/;', '";"'],
    // CVE-2025-24514
    ['auth-url', 'http://auth.example.com/#;\nload_module /tmp/x.so;', '"#"'],
    ['auth-url', 'http://auth.example.com/\nload_module /tmp/x.so;', 'line feed'],
    ['auth-url', 'http://auth.example.com/x;} location /y {', '";"'],
    // CVE-2025-1097
    ['auth-tls-match-cn', 'CN=abc #(\n){}\n }}\nssl_engine foobar;#', '"#"'],
    ['auth-tls-match-cn', 'CN=abc\n}', 'line feed'],
    ['auth-tls-match-cn', 'CN=abc";', 'double quote'],
    // CVE-2025-1098
    ['mirror-target', 'https://x.example.com/$request_uri;\n}', '";"'],
    ['mirror-target', 'https://x.example.com/\n}', 'line feed'],
    ['mirror-host', 'x.example.com"; }', 'double quote'],
    // CVE-2024-7646 (carriage return past the validator)
    ['auth-tls-verify-client', 'on\r\n}', 'carriage return'],
    ['rewrite-target', '/$1;return 200 "x"', '";"'],
    ['server-alias', 'a.example.com b.example.com#', '"#"'],
    ['upstream-hash-by', '$request_uri`', 'backtick'],
    ['proxy-ssl-name', "backend.internal'", 'single quote'],
    ['temporal-redirect', 'https://x.example.com/{', '"{"'],
    ['auth-signin', 'https://x.example.com/}', '"}"'],
    ['proxy-body-size', '8m$x', '"$"'],
    ['permanent-redirect', 'https://x.example.com/"', 'double quote'],
  ];
  for (const [name, value, label] of payloads) {
    it(`${name}: ${JSON.stringify(value)}`, () => {
      assert.notEqual(validateAnnotationValue(name, value), undefined, 'the validator rejects it');
      assert.equal(injectionCharacter(name, value)?.label, label);
    });
  }

  it('allows the characters a validator accepts', () => {
    assert.equal(injectionCharacter('rewrite-target', '/$1'), undefined);
    assert.equal(injectionCharacter('upstream-hash-by', '${request_uri}-text'), undefined);
    assert.equal(injectionCharacter('auth-url', 'https://$host/oauth2/auth'), undefined);
    assert.equal(
      injectionCharacter('rewrite-target', '/$1 /x'),
      undefined,
      'rejected for the space, which injects nothing',
    );
  });

  it('leaves snippets to the snippet rules', () => {
    assert.equal(injectionCharacter('server-snippet', 'return 200;\n'), undefined);
    assert.equal(validateAnnotationValue('configuration-snippet', 'more_set_headers "x: y";'), undefined);
  });
});

describe('typo suggestions', () => {
  it('edit distance', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('same', 'same'), 0);
  });

  it('suggests the nearest annotation still read', () => {
    assert.equal(nearestAnnotationName('rewrite-targt'), 'rewrite-target');
    assert.equal(nearestAnnotationName('ssl-redirects'), 'ssl-redirect');
    assert.equal(nearestAnnotationName('proxy-body-sizes'), 'proxy-body-size');
    assert.equal(nearestAnnotationName('completely-unrelated-thing'), undefined);
  });
});
