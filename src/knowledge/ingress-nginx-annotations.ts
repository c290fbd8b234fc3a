/**
 * Every `nginx.ingress.kubernetes.io/*` annotation of the final ingress-nginx release (v1.14/v1.15 line),
 * with the risk level the controller gives it, the validator it runs on the value, and the annotations it
 * no longer reads.
 *
 * Sources (kubernetes/ingress-nginx): the risk table docs/user-guide/nginx-configuration/annotations-risk.md,
 * docs/user-guide/nginx-configuration/annotations.md, the validators of
 * internal/ingress/annotations/parser/validators.go and the `annotations` map (Validator, Risk) of each
 * internal/ingress/annotations/<package>/main.go; removals from the release notes and the breaking-changes
 * issue (kubernetes/ingress-nginx#10186). Each entry names the file it came from.
 *
 * The validators below are written from those rules, not copied. Where the controller used an unanchored
 * regex that lets plainly wrong values through (CVE-2026-1580 was exactly that, on `auth-method`), the
 * whole value is matched; where its check proved too weak (`auth-tls-match-cn`, CVE-2025-1097), the
 * characters that break out of the NGINX directive are refused too. Go regexes with nested repetition are
 * rewritten to equivalent linear ones: JavaScript backtracks where Go's RE2 does not.
 */
import { isIP } from 'node:net';

export const NGINX_ANNOTATION_PREFIX = 'nginx.ingress.kubernetes.io/';

export const ANNOTATION_RISKS = ['Low', 'Medium', 'High', 'Critical'] as const;
export type AnnotationRisk = (typeof ANNOTATION_RISKS)[number];

/** Risk levels in the controller's order: compare with this, never alphabetically. */
export function riskRank(risk: AnnotationRisk): number {
  return ANNOTATION_RISKS.indexOf(risk);
}

/** Named character sets of the controller's parser (validators.go) and of single annotations. */
export const PATTERN_NAMES = [
  'basicChars',
  'extendedChars',
  'charsWithSpace',
  'url',
  'urlWithNginxVariable',
  'nginxVariable',
  'regexPathWithCapture',
  'headersVariable',
  'serverNameRegex',
  'httpErrorCodes',
  'corsOrigin',
  'corsMethods',
  'corsExposeHeaders',
  'proxyNextUpstream',
  'proxySslProtocols',
  'proxySslCiphers',
  'sslCiphers',
  'hashBy',
  'cookieSeconds',
  'fastcgiIndex',
  'otelOperationName',
  'authTlsErrorPage',
] as const;
export type PatternName = (typeof PATTERN_NAMES)[number];

export type AnnotationValue =
  | { readonly type: 'bool' }
  | { readonly type: 'int' }
  | { readonly type: 'size' }
  | { readonly type: 'duration' }
  | { readonly type: 'enum'; readonly values: readonly string[]; readonly caseSensitive: boolean }
  | { readonly type: 'cidrs' }
  | { readonly type: 'service-name' }
  | { readonly type: 'server-name' }
  | { readonly type: 'server-names' }
  | { readonly type: 'common-name' }
  /** The controller validates nothing (ValidateNull): raw NGINX configuration. */
  | { readonly type: 'snippet' }
  | { readonly type: 'pattern'; readonly pattern: PatternName; readonly removeSpace: boolean };

export interface NginxAnnotation {
  /** Without the prefix: `server-snippet`. */
  readonly name: string;
  readonly risk: AnnotationRisk;
  readonly scope: 'ingress' | 'location';
  readonly value: AnnotationValue;
  /** A value the documentation gives as an example; the validator accepts it. */
  readonly example: string;
  /** Still read, but superseded: the note says by what. */
  readonly deprecated: boolean;
  /** No longer read by the controller at all. */
  readonly removed: boolean;
  readonly note?: string;
  /** The file of kubernetes/ingress-nginx the entry comes from. */
  readonly source: string;
}

const REPO = 'kubernetes/ingress-nginx';
const RISK_TABLE = `${REPO}: docs/user-guide/nginx-configuration/annotations-risk.md`;
const BREAKING_CHANGES = `${REPO}#10186 (breaking changes per release) and release notes`;

function parserFile(pkg: string): string {
  return `${REPO}: internal/ingress/annotations/${pkg}/main.go`;
}

const BOOL = { type: 'bool' } as const;
const INT = { type: 'int' } as const;
const SIZE = { type: 'size' } as const;
const CIDRS = { type: 'cidrs' } as const;
const SNIPPET = { type: 'snippet' } as const;
const SERVER_NAME = { type: 'server-name' } as const;
const ON_OFF = enumOf(['on', 'off']);

function enumOf(values: readonly string[], caseSensitive = true): AnnotationValue {
  return { type: 'enum', values, caseSensitive };
}

function pattern(name: PatternName, removeSpace = true): AnnotationValue {
  return { type: 'pattern', pattern: name, removeSpace };
}

type Scope = NginxAnnotation['scope'];

function active(
  pkg: string,
  name: string,
  risk: AnnotationRisk,
  scope: Scope,
  value: AnnotationValue,
  example: string,
): NginxAnnotation {
  return { name, risk, scope, value, example, deprecated: false, removed: false, source: parserFile(pkg) };
}

function deprecatedAlias(pkg: string, name: string, of: NginxAnnotation): NginxAnnotation {
  return {
    ...of,
    name,
    deprecated: true,
    note: `deprecated alias of ${of.name}; use that name`,
    source: parserFile(pkg),
  };
}

/**
 * An annotation the controller no longer reads. Its risk is the level of what replaced it, or of its kind
 * (the controller never rated it); its value is what it used to take.
 */
function removed(
  name: string,
  risk: AnnotationRisk,
  value: AnnotationValue,
  example: string,
  note: string,
): NginxAnnotation {
  return {
    name,
    risk,
    scope: 'location',
    value,
    example,
    deprecated: false,
    removed: true,
    note,
    source: BREAKING_CHANGES,
  };
}

const allowlist = active(
  'ipallowlist',
  'allowlist-source-range',
  'Medium',
  'location',
  CIDRS,
  '10.0.0.0/8,192.168.1.10',
);
const limitAllowlist = active('ratelimit', 'limit-allowlist', 'Low', 'location', CIDRS, '10.0.0.0/8');

const ACTIVE: readonly NginxAnnotation[] = [
  active(
    'alias',
    'server-alias',
    'High',
    'ingress',
    { type: 'server-names' },
    'www.example.com,*.example.org',
  ),
  allowlist,
  deprecatedAlias('ipallowlist', 'whitelist-source-range', allowlist),
  active('ipdenylist', 'denylist-source-range', 'Medium', 'location', CIDRS, '192.0.2.0/24'),
  active(
    'backendprotocol',
    'backend-protocol',
    'Low',
    'location',
    enumOf(['auto_http', 'http', 'https', 'grpc', 'grpcs', 'fcgi'], false),
    'HTTPS',
  ),
  // BasicDigestAuth
  active(
    'auth',
    'auth-realm',
    'Medium',
    'location',
    pattern('charsWithSpace', false),
    'Authentication Required - foo',
  ),
  active('auth', 'auth-secret', 'Medium', 'location', pattern('basicChars'), 'basic-auth'),
  active('auth', 'auth-secret-type', 'Low', 'location', enumOf(['auth-file', 'auth-map']), 'auth-map'),
  active('auth', 'auth-type', 'Low', 'location', enumOf(['basic', 'digest']), 'basic'),
  // Canary
  active('canary', 'canary', 'Low', 'ingress', BOOL, 'true'),
  active('canary', 'canary-by-cookie', 'Medium', 'ingress', pattern('basicChars'), 'canary'),
  active('canary', 'canary-by-header', 'Medium', 'ingress', pattern('basicChars'), 'X-Canary'),
  active(
    'canary',
    'canary-by-header-pattern',
    'Medium',
    'ingress',
    pattern('serverNameRegex', false),
    '^(beta|alpha)$',
  ),
  active('canary', 'canary-by-header-value', 'Medium', 'ingress', pattern('basicChars'), 'always'),
  active('canary', 'canary-weight', 'Low', 'ingress', INT, '10'),
  active('canary', 'canary-weight-total', 'Low', 'ingress', INT, '100'),
  // CertificateAuth
  active(
    'authtls',
    'auth-tls-error-page',
    'High',
    'location',
    pattern('authTlsErrorPage'),
    'https://auth.example.com/error',
  ),
  active(
    'authtls',
    'auth-tls-match-cn',
    'High',
    'location',
    { type: 'common-name' },
    'CN=(client-a|client-b)',
  ),
  active('authtls', 'auth-tls-pass-certificate-to-upstream', 'Low', 'location', BOOL, 'true'),
  active('authtls', 'auth-tls-secret', 'Medium', 'location', pattern('basicChars'), 'default/ca-secret'),
  active(
    'authtls',
    'auth-tls-verify-client',
    'Medium',
    'location',
    enumOf(['on', 'off', 'optional', 'optional_no_ca']),
    'on',
  ),
  active('authtls', 'auth-tls-verify-depth', 'Low', 'location', INT, '1'),
  active('clientbodybuffersize', 'client-body-buffer-size', 'Low', 'location', SIZE, '1M'),
  active(
    'snippet',
    'configuration-snippet',
    'Critical',
    'location',
    SNIPPET,
    'more_set_headers "Request-Id: $req_id";',
  ),
  active(
    'connection',
    'connection-proxy-header',
    'Low',
    'location',
    enumOf(['close', 'keep-alive']),
    'keep-alive',
  ),
  // CorsConfig
  active('cors', 'cors-allow-credentials', 'Low', 'ingress', BOOL, 'true'),
  active(
    'cors',
    'cors-allow-headers',
    'Medium',
    'ingress',
    pattern('headersVariable'),
    'X-Forwarded-For, X-app123-XPTO',
  ),
  active(
    'cors',
    'cors-allow-methods',
    'Medium',
    'ingress',
    pattern('corsMethods'),
    'PUT, GET, POST, OPTIONS',
  ),
  active(
    'cors',
    'cors-allow-origin',
    'Medium',
    'ingress',
    pattern('corsOrigin'),
    'https://origin-site.com:4443, http://origin-site.com, https://*.example.com',
  ),
  active(
    'cors',
    'cors-expose-headers',
    'Medium',
    'ingress',
    pattern('corsExposeHeaders'),
    '*, X-CustomResponseHeader',
  ),
  active('cors', 'cors-max-age', 'Low', 'ingress', INT, '1728000'),
  active('cors', 'enable-cors', 'Low', 'ingress', BOOL, 'true'),
  active('customhttperrors', 'custom-http-errors', 'Low', 'location', pattern('httpErrorCodes'), '404,415'),
  active(
    'customheaders',
    'custom-headers',
    'Medium',
    'location',
    pattern('basicChars'),
    'custom-headers-configmap',
  ),
  active('defaultbackend', 'default-backend', 'Low', 'location', { type: 'service-name' }, 'error-pages'),
  active('disableproxyintercepterrors', 'disable-proxy-intercept-errors', 'Low', 'location', BOOL, 'true'),
  active('authreqglobal', 'enable-global-auth', 'Low', 'location', BOOL, 'false'),
  // ExternalAuth
  active('authreq', 'auth-always-set-cookie', 'Low', 'location', BOOL, 'true'),
  active(
    'authreq',
    'auth-cache-duration',
    'Medium',
    'location',
    pattern('extendedChars', false),
    '200 202 401 5m',
  ),
  active(
    'authreq',
    'auth-cache-key',
    'Medium',
    'location',
    pattern('nginxVariable'),
    '$remote_user$http_authorization',
  ),
  active('authreq', 'auth-keepalive', 'Low', 'location', INT, '10'),
  active('authreq', 'auth-keepalive-requests', 'Low', 'location', INT, '1000'),
  active('authreq', 'auth-keepalive-share-vars', 'Low', 'location', BOOL, 'true'),
  active('authreq', 'auth-keepalive-timeout', 'Low', 'location', INT, '60'),
  active(
    'authreq',
    'auth-method',
    'Low',
    'location',
    enumOf(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE']),
    'GET',
  ),
  active('authreq', 'auth-proxy-set-headers', 'Medium', 'location', pattern('basicChars'), 'auth-headers'),
  active(
    'authreq',
    'auth-request-redirect',
    'Medium',
    'location',
    pattern('url'),
    'https://example.com/login?from=app',
  ),
  active(
    'authreq',
    'auth-response-headers',
    'Medium',
    'location',
    pattern('headersVariable'),
    'X-Auth-Request-User, X-Auth-Request-Email',
  ),
  active(
    'authreq',
    'auth-signin',
    'High',
    'location',
    pattern('urlWithNginxVariable'),
    'https://$host/oauth2/start?rd=$escaped_request_uri',
  ),
  active('authreq', 'auth-signin-redirect-param', 'Medium', 'location', pattern('url'), 'rd'),
  active('authreq', 'auth-snippet', 'Critical', 'location', SNIPPET, 'proxy_set_header Foo-Header 42;'),
  active(
    'authreq',
    'auth-url',
    'High',
    'location',
    pattern('urlWithNginxVariable'),
    'http://oauth2-proxy.auth.svc.cluster.local/oauth2/auth',
  ),
  // FastCGI
  active('fastcgi', 'fastcgi-index', 'Medium', 'location', pattern('fastcgiIndex'), 'index.php'),
  active('fastcgi', 'fastcgi-params-configmap', 'Medium', 'location', pattern('basicChars'), 'example-cm'),
  {
    ...active('http2pushpreload', 'http2-push-preload', 'Low', 'location', BOOL, 'true'),
    deprecated: true,
    note: 'NGINX 1.25.1 removed HTTP/2 server push: the directive has no effect',
  },
  active(
    'loadbalancing',
    'load-balance',
    'Low',
    'location',
    enumOf(['round_robin', 'chash', 'chashsubset', 'sticky_balanced', 'sticky_persistent', 'ewma']),
    'ewma',
  ),
  active('log', 'enable-access-log', 'Low', 'location', BOOL, 'false'),
  active('log', 'enable-rewrite-log', 'Low', 'location', BOOL, 'true'),
  // Mirror
  active('mirror', 'mirror-host', 'High', 'ingress', SERVER_NAME, 'test.env.com'),
  active('mirror', 'mirror-request-body', 'Low', 'ingress', ON_OFF, 'off'),
  active('mirror', 'mirror-target', 'High', 'ingress', SERVER_NAME, 'https://test.env.com/$request_uri'),
  // ModSecurity
  active('modsecurity', 'enable-modsecurity', 'Low', 'ingress', BOOL, 'true'),
  active('modsecurity', 'enable-owasp-core-rules', 'Low', 'ingress', BOOL, 'true'),
  active('modsecurity', 'modsecurity-snippet', 'Critical', 'ingress', SNIPPET, 'SecRuleEngine On'),
  active(
    'modsecurity',
    'modsecurity-transaction-id',
    'High',
    'ingress',
    pattern('nginxVariable'),
    '$request_id',
  ),
  // Opentelemetry
  active('opentelemetry', 'enable-opentelemetry', 'Low', 'location', BOOL, 'true'),
  active(
    'opentelemetry',
    'opentelemetry-operation-name',
    'Medium',
    'location',
    pattern('otelOperationName'),
    'HTTP_GET',
  ),
  active('opentelemetry', 'opentelemetry-trust-incoming-span', 'Low', 'location', BOOL, 'true'),
  // Proxy
  active('proxy', 'proxy-body-size', 'Medium', 'location', SIZE, '8m'),
  active('proxy', 'proxy-buffer-size', 'Low', 'location', SIZE, '8k'),
  active('proxy', 'proxy-buffering', 'Low', 'location', ON_OFF, 'on'),
  active('proxy', 'proxy-buffers-number', 'Low', 'location', INT, '4'),
  active('proxy', 'proxy-busy-buffers-size', 'Low', 'location', SIZE, '16k'),
  active('proxy', 'proxy-connect-timeout', 'Low', 'location', INT, '15'),
  active('proxy', 'proxy-cookie-domain', 'Medium', 'location', pattern('basicChars'), 'localhost'),
  active('proxy', 'proxy-cookie-path', 'Medium', 'location', pattern('url'), '/one/'),
  active('proxy', 'proxy-http-version', 'Low', 'location', enumOf(['1.0', '1.1']), '1.1'),
  active('proxy', 'proxy-max-temp-file-size', 'Low', 'location', SIZE, '1024m'),
  active(
    'proxy',
    'proxy-next-upstream',
    'Medium',
    'location',
    pattern('proxyNextUpstream', false),
    'error timeout',
  ),
  active('proxy', 'proxy-next-upstream-timeout', 'Low', 'location', INT, '0'),
  active('proxy', 'proxy-next-upstream-tries', 'Low', 'location', INT, '3'),
  active('proxy', 'proxy-read-timeout', 'Low', 'location', INT, '120'),
  active('proxy', 'proxy-redirect-from', 'Medium', 'location', pattern('url'), 'http://www.example.com/'),
  active('proxy', 'proxy-redirect-to', 'Medium', 'location', pattern('url'), 'https://www.example.com/'),
  active('proxy', 'proxy-request-buffering', 'Low', 'location', ON_OFF, 'off'),
  active('proxy', 'proxy-send-timeout', 'Low', 'location', INT, '120'),
  // ProxySSL
  active('proxyssl', 'proxy-ssl-ciphers', 'Medium', 'ingress', pattern('proxySslCiphers'), 'DEFAULT'),
  active('proxyssl', 'proxy-ssl-name', 'High', 'ingress', SERVER_NAME, 'backend.internal'),
  active(
    'proxyssl',
    'proxy-ssl-protocols',
    'Low',
    'ingress',
    pattern('proxySslProtocols'),
    'TLSv1.2 TLSv1.3',
  ),
  active(
    'proxyssl',
    'proxy-ssl-secret',
    'Medium',
    'ingress',
    pattern('basicChars'),
    'default/backend-client-cert',
  ),
  active('proxyssl', 'proxy-ssl-server-name', 'Low', 'ingress', ON_OFF, 'on'),
  active('proxyssl', 'proxy-ssl-verify', 'Low', 'ingress', ON_OFF, 'on'),
  active('proxyssl', 'proxy-ssl-verify-depth', 'Low', 'ingress', INT, '1'),
  // RateLimit
  limitAllowlist,
  deprecatedAlias('ratelimit', 'limit-whitelist', limitAllowlist),
  active('ratelimit', 'limit-burst-multiplier', 'Low', 'location', INT, '5'),
  active('ratelimit', 'limit-connections', 'Low', 'location', INT, '10'),
  active('ratelimit', 'limit-rate', 'Low', 'location', INT, '1024'),
  active('ratelimit', 'limit-rate-after', 'Low', 'location', INT, '10240'),
  active('ratelimit', 'limit-rpm', 'Low', 'location', INT, '300'),
  active('ratelimit', 'limit-rps', 'Low', 'location', INT, '5'),
  // Redirect
  active('redirect', 'from-to-www-redirect', 'Low', 'location', BOOL, 'true'),
  active(
    'redirect',
    'permanent-redirect',
    'Medium',
    'location',
    pattern('url', false),
    'https://www.google.com',
  ),
  active('redirect', 'permanent-redirect-code', 'Low', 'location', INT, '308'),
  active(
    'redirect',
    'temporal-redirect',
    'Medium',
    'location',
    pattern('url', false),
    'https://www.google.com',
  ),
  active('redirect', 'temporal-redirect-code', 'Low', 'location', INT, '307'),
  active('relativeredirects', 'relative-redirects', 'Low', 'location', BOOL, 'true'),
  // Rewrite
  active('rewrite', 'app-root', 'Medium', 'location', pattern('regexPathWithCapture', false), '/app1'),
  active('rewrite', 'force-ssl-redirect', 'Medium', 'location', BOOL, 'true'),
  active('rewrite', 'preserve-trailing-slash', 'Medium', 'location', BOOL, 'true'),
  active('rewrite', 'rewrite-target', 'Medium', 'ingress', pattern('regexPathWithCapture', false), '/$2'),
  active('rewrite', 'ssl-redirect', 'Low', 'location', BOOL, 'false'),
  active('rewrite', 'use-regex', 'Low', 'location', BOOL, 'true'),
  // SSLCipher, SSLPassthrough, Satisfy
  active(
    'sslcipher',
    'ssl-ciphers',
    'Low',
    'ingress',
    pattern('sslCiphers'),
    'ALL:!aNULL:!EXPORT56:RC4+RSA:+HIGH:+MEDIUM:+LOW:+SSLv2:+EXP',
  ),
  active('sslcipher', 'ssl-prefer-server-ciphers', 'Low', 'ingress', BOOL, 'true'),
  active('sslpassthrough', 'ssl-passthrough', 'Low', 'ingress', BOOL, 'true'),
  active('satisfy', 'satisfy', 'Low', 'location', enumOf(['any', 'all']), 'any'),
  active('serversnippet', 'server-snippet', 'Critical', 'ingress', SNIPPET, 'set $agentflag 0;'),
  active('serviceupstream', 'service-upstream', 'Low', 'ingress', BOOL, 'true'),
  // SessionAffinity
  active('sessionaffinity', 'affinity', 'Low', 'ingress', enumOf(['cookie']), 'cookie'),
  active(
    'sessionaffinity',
    'affinity-canary-behavior',
    'Low',
    'ingress',
    enumOf(['sticky', 'legacy']),
    'sticky',
  ),
  active(
    'sessionaffinity',
    'affinity-mode',
    'Medium',
    'ingress',
    enumOf(['balanced', 'persistent']),
    'persistent',
  ),
  active('sessionaffinity', 'session-cookie-change-on-failure', 'Low', 'ingress', BOOL, 'true'),
  active('sessionaffinity', 'session-cookie-conditional-samesite-none', 'Low', 'ingress', BOOL, 'true'),
  active(
    'sessionaffinity',
    'session-cookie-domain',
    'Medium',
    'ingress',
    pattern('basicChars'),
    '.example.com',
  ),
  active(
    'sessionaffinity',
    'session-cookie-expires',
    'Medium',
    'ingress',
    pattern('cookieSeconds'),
    '172800',
  ),
  active(
    'sessionaffinity',
    'session-cookie-max-age',
    'Medium',
    'ingress',
    pattern('cookieSeconds', false),
    '172800',
  ),
  active(
    'sessionaffinity',
    'session-cookie-name',
    'Medium',
    'ingress',
    pattern('basicChars'),
    'INGRESSCOOKIE',
  ),
  active('sessionaffinity', 'session-cookie-partitioned', 'Low', 'ingress', BOOL, 'true'),
  active('sessionaffinity', 'session-cookie-path', 'Medium', 'ingress', pattern('url'), '/'),
  active(
    'sessionaffinity',
    'session-cookie-samesite',
    'Low',
    'ingress',
    enumOf(['none', 'lax', 'strict'], false),
    'None',
  ),
  active('sessionaffinity', 'session-cookie-secure', 'Low', 'ingress', BOOL, 'true'),
  active(
    'streamsnippet',
    'stream-snippet',
    'Critical',
    'ingress',
    SNIPPET,
    'server { listen 8000; proxy_pass 127.0.0.1:80; }',
  ),
  // UpstreamHashBy, UpstreamVhost, UsePortInRedirects, XForwardedPrefix
  active('upstreamhashby', 'upstream-hash-by', 'High', 'location', pattern('hashBy'), '$request_uri$host'),
  active('upstreamhashby', 'upstream-hash-by-subset', 'Low', 'location', BOOL, 'true'),
  active('upstreamhashby', 'upstream-hash-by-subset-size', 'Low', 'location', INT, '3'),
  active('upstreamvhost', 'upstream-vhost', 'Low', 'location', SERVER_NAME, 'internal.example.com'),
  active('portinredirect', 'use-port-in-redirects', 'Low', 'location', BOOL, 'true'),
  active(
    'xforwardedprefix',
    'x-forwarded-prefix',
    'Medium',
    'location',
    pattern('regexPathWithCapture'),
    '/path',
  ),
];

const OPAQUE = pattern('extendedChars', false);

const REMOVED: readonly NginxAnnotation[] = [
  removed('secure-backends', 'Low', BOOL, 'true', 'removed in 0.21.0; use backend-protocol: "HTTPS"'),
  removed('grpc-backend', 'Low', BOOL, 'true', 'removed in 0.21.0; use backend-protocol: "GRPC"'),
  removed(
    'secure-verify-ca-secret',
    'Medium',
    pattern('basicChars'),
    'ca-secret',
    'removed in 0.21.0; use proxy-ssl-secret and proxy-ssl-verify',
  ),
  removed('add-base-url', 'Low', BOOL, 'true', 'removed in 0.22.0 (the <base> tag injection was dropped)'),
  removed('base-url-scheme', 'Medium', OPAQUE, 'https', 'removed in 0.22.0 together with add-base-url'),
  removed(
    'upstream-max-fails',
    'Low',
    INT,
    '3',
    'removed when upstreams became dynamic (Lua balancer); tune proxy-next-upstream instead',
  ),
  removed(
    'upstream-fail-timeout',
    'Low',
    INT,
    '30',
    'removed when upstreams became dynamic (Lua balancer); tune proxy-next-upstream instead',
  ),
  removed(
    'session-cookie-hash',
    'Low',
    enumOf(['md5', 'sha1', 'index']),
    'sha1',
    'removed when session affinity moved to the Lua balancer; the value is ignored',
  ),
  removed('mirror-uri', 'High', SERVER_NAME, '/mirror', 'replaced by mirror-target'),
  removed('enable-influxdb', 'Low', BOOL, 'true', 'removed with the InfluxDB module'),
  removed('influxdb-measurement', 'Medium', OPAQUE, 'nginx-reqs', 'removed with the InfluxDB module'),
  removed('influxdb-port', 'Medium', INT, '8089', 'removed with the InfluxDB module'),
  removed('influxdb-host', 'Medium', OPAQUE, '127.0.0.1', 'removed with the InfluxDB module'),
  removed('influxdb-server-name', 'Medium', OPAQUE, 'nginx-ingress', 'removed with the InfluxDB module'),
  removed(
    'lua-resty-waf',
    'Low',
    enumOf(['active', 'inactive', 'simulate']),
    'active',
    'removed with lua-resty-waf; use enable-modsecurity',
  ),
  removed('lua-resty-waf-debug', 'Low', BOOL, 'true', 'removed with lua-resty-waf; use enable-modsecurity'),
  removed(
    'lua-resty-waf-ignore-rulesets',
    'Low',
    OPAQUE,
    '41000_sqli, 42000_xss',
    'removed with lua-resty-waf; use enable-modsecurity',
  ),
  removed(
    'lua-resty-waf-extra-rules',
    'Critical',
    SNIPPET,
    '[]',
    'removed with lua-resty-waf; use enable-modsecurity',
  ),
  removed(
    'lua-resty-waf-allow-unknown-content-types',
    'Low',
    BOOL,
    'true',
    'removed with lua-resty-waf; use enable-modsecurity',
  ),
  removed(
    'lua-resty-waf-score-threshold',
    'Low',
    INT,
    '10',
    'removed with lua-resty-waf; use enable-modsecurity',
  ),
  removed(
    'lua-resty-waf-process-multipart-body',
    'Low',
    BOOL,
    'false',
    'removed with lua-resty-waf; use enable-modsecurity',
  ),
  removed(
    'enable-opentracing',
    'Low',
    BOOL,
    'true',
    'removed in v1.10.0 with OpenTracing; use enable-opentelemetry',
  ),
  removed(
    'opentracing-trust-incoming-span',
    'Low',
    BOOL,
    'true',
    'removed in v1.10.0 with OpenTracing; use opentelemetry-trust-incoming-span',
  ),
  removed(
    'global-rate-limit',
    'Low',
    INT,
    '100',
    'removed in v1.12.0 with the Lua global rate limiter (kubernetes/ingress-nginx#11851)',
  ),
  removed(
    'global-rate-limit-window',
    'Low',
    { type: 'duration' },
    '1m',
    'removed in v1.12.0 with the Lua global rate limiter',
  ),
  removed(
    'global-rate-limit-key',
    'High',
    pattern('hashBy'),
    '$remote_addr',
    'removed in v1.12.0 with the Lua global rate limiter',
  ),
  removed(
    'global-rate-limit-ignored-cidrs',
    'Low',
    CIDRS,
    '10.0.0.0/8',
    'removed in v1.12.0 with the Lua global rate limiter',
  ),
];

/** Every annotation gatewatch knows, still read or removed. */
export const NGINX_ANNOTATIONS: readonly NginxAnnotation[] = [...ACTIVE, ...REMOVED];

/** The risk table the levels come from (entries cite their parser file). */
export const NGINX_RISK_TABLE_SOURCE = RISK_TABLE;

const BY_NAME = new Map(NGINX_ANNOTATIONS.map((entry) => [entry.name, entry]));

export function nginxAnnotation(name: string): NginxAnnotation | undefined {
  return BY_NAME.get(name);
}

/** The name without the prefix, or undefined for a key of another prefix. */
export function nginxAnnotationName(key: string): string | undefined {
  return key.startsWith(NGINX_ANNOTATION_PREFIX) ? key.slice(NGINX_ANNOTATION_PREFIX.length) : undefined;
}

export function isSnippetAnnotation(entry: NginxAnnotation): boolean {
  return entry.value.type === 'snippet';
}

// ---------------------------------------------------------------------------------------------------
// Validators: `undefined` when the value passes, otherwise what was expected (a short phrase).
// ---------------------------------------------------------------------------------------------------

export type ValidationResult = string | undefined;

interface PatternSpec {
  readonly regex: RegExp;
  readonly expected: string;
}

const ALNUM = String.raw`\-._~a-zA-Z0-9\/:`;
const REGEX_CHARS = String.raw`\^$\[\]\(\)\{\}*+?|&=\\`;
const URL_CHARS = String.raw`,:?&=`;

const PATTERNS: Readonly<Record<PatternName, PatternSpec>> = {
  basicChars: { regex: new RegExp(`^[${ALNUM}]*$`), expected: 'letters, digits and . - _ ~ / : only' },
  extendedChars: {
    regex: new RegExp(`^[${ALNUM}, ]*$`),
    expected: 'letters, digits, spaces and . - _ ~ / : , only',
  },
  charsWithSpace: {
    regex: new RegExp(`^[${ALNUM} ]*$`),
    expected: 'letters, digits, spaces and . - _ ~ / : only',
  },
  url: {
    regex: new RegExp(`^[${ALNUM}${URL_CHARS}]*$`),
    expected: 'a URL of letters, digits and . - _ ~ / : , ? & = only',
  },
  urlWithNginxVariable: {
    regex: new RegExp(`^[${ALNUM}, ${URL_CHARS}$]*$`),
    expected: 'a URL of letters, digits, NGINX $variables and . - _ ~ / : , ? & = only',
  },
  nginxVariable: {
    regex: /^[A-Za-z0-9\-_${}]*$/,
    expected: 'NGINX variables: letters, digits and - _ $ { } only',
  },
  regexPathWithCapture: {
    regex: new RegExp(`^\\/?[${ALNUM}$]*$`),
    expected: 'a path with optional $1-style captures (letters, digits and . - _ ~ / : $ only)',
  },
  headersVariable: {
    regex: /^[A-Za-z0-9\-_, ]*$/,
    expected: 'a comma-separated list of header names (letters, digits, - and _)',
  },
  serverNameRegex: {
    regex: new RegExp(`^[${ALNUM}${REGEX_CHARS}]*$`),
    expected: 'a name or regex of letters, digits and . - _ ~ / : ^ $ [ ] ( ) { } * + ? | & = \\ only',
  },
  httpErrorCodes: {
    regex: /^(?:[45,]\d{2},?)*$/,
    expected: 'a comma-separated list of HTTP status codes between 400 and 599',
  },
  corsOrigin: {
    // Go: ^((((([a-z]+://)?(\*\.)?[A-Za-z0-9\-.]*(:\d+)?,?)|null)+)|\*)?$ — the same language, without nesting.
    regex:
      /^(?:\*|(?:(?:[a-z]+:\/\/)?(?:\*\.)?[A-Za-z0-9\-.]*(?::\d+)?|null)(?:,(?:(?:[a-z]+:\/\/)?(?:\*\.)?[A-Za-z0-9\-.]*(?::\d+)?|null))*)$/,
    expected:
      '"*" or a comma-separated list of origins such as https://example.com:8443, https://*.example.com or null',
  },
  corsMethods: {
    regex: /^[A-Za-z]+(?:,[A-Za-z]+)*,?$/,
    expected: 'a comma-separated list of HTTP methods (letters only)',
  },
  corsExposeHeaders: {
    regex: /^[A-Za-z0-9\-_*]+(?:,[A-Za-z0-9\-_*]+)*,?$/,
    expected: 'a comma-separated list of header names or *',
  },
  proxyNextUpstream: {
    regex:
      /^(?:(?:error|timeout|invalid_header|http_500|http_502|http_503|http_504|http_403|http_404|http_429|non_idempotent|off)\s?)+$/,
    expected:
      'proxy_next_upstream conditions: error, timeout, invalid_header, http_500, http_502, http_503, http_504, http_403, http_404, http_429, non_idempotent or off',
  },
  proxySslProtocols: { regex: /^(?:TLSv1\.2|TLSv1\.3| )*$/, expected: 'TLSv1.2 and/or TLSv1.3' },
  proxySslCiphers: {
    regex: /^[A-Za-z0-9+:_\-!]*$/,
    expected: 'an OpenSSL cipher list (letters, digits and + : _ - ! only)',
  },
  sslCiphers: {
    regex: /^(?:[A-Za-z0-9!:+\-_]|@STRENGTH|@SECLEVEL=[0-5])*$/,
    expected: 'an OpenSSL cipher list (letters, digits, ! : + - _, @STRENGTH, @SECLEVEL=n)',
  },
  hashBy: {
    regex: /^[A-Za-z0-9\-_${}]*$/,
    expected: 'NGINX variables and text: letters, digits and - _ $ { } only',
  },
  // Go's (^0|-?[1-9]\d*$) is not anchored at both ends; the controller means a number of seconds.
  cookieSeconds: { regex: /^(?:0|-?[1-9]\d*)$/, expected: 'a number of seconds' },
  fastcgiIndex: { regex: /^[A-Za-z0-9.\-_]+$/, expected: 'a file name (letters, digits and . - _ only)' },
  otelOperationName: {
    regex: /^[A-Za-z0-9_-]*$/,
    expected: 'an operation name (letters, digits, _ and - only)',
  },
  authTlsErrorPage: {
    regex: /^(?:@[A-Za-z0-9_-]+|(?:(?:https?:\/\/)?[A-Za-z0-9\-.]+(?::\d+)?)?(?:\/[A-Za-z0-9\-_.]+)*\/?)$/,
    expected: 'a named location (@name) or a URL without query string',
  },
};

const LINE_BREAK = /[\r\n]/;

/** ValidateNull: the controller accepts anything (snippets; the admin's ConfigMap decides). */
export function validateNull(): ValidationResult {
  return undefined;
}

/** Go's strconv.ParseBool. */
export function validateBool(value: string): ValidationResult {
  return ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)
    ? undefined
    : 'a boolean ("true" or "false")';
}

/** Go's strconv.Atoi: optional sign, decimal digits, within 64 bits. */
export function validateInt(value: string): ValidationResult {
  if (!/^[+-]?\d+$/.test(value)) return 'an integer';
  const magnitude = BigInt(value.replace(/^[+-]/, ''));
  return magnitude <= 2n ** 63n ? undefined : 'an integer within 64 bits';
}

/** SizeRegex: digits with an optional unit, like 1000, 8k, 1M, 1g. */
export function validateSize(value: string): ValidationResult {
  return /^\d+[bkmgBKMG]?$/.test(value.replaceAll(' ', '')) ? undefined : 'a size such as 100, 8k, 1m or 1g';
}

/** Go's time.ParseDuration: `300ms`, `1.5h`, `2h45m`, or `0`. */
export function validateDuration(value: string): ValidationResult {
  if (value === '0' || /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.test(value))
    return undefined;
  return 'a duration such as 30s, 1m or 1h30m';
}

/** ValidateOptions: one of a fixed set, trimmed, optionally case-insensitive. */
export function validateOptions(
  options: readonly string[],
  caseSensitive: boolean,
): (value: string) => ValidationResult {
  return (value) => {
    const trimmed = value.replace(/^[ \t]+|[ \t]+$/g, '');
    const candidate = caseSensitive ? trimmed : trimmed.toLowerCase();
    return options.includes(candidate) ? undefined : `one of: ${options.join(', ')}`;
  };
}

/** ValidateRegex: the whole value matches the character set; line breaks are refused whatever the set. */
export function validateRegex(name: PatternName, removeSpace: boolean): (value: string) => ValidationResult {
  const spec = PATTERNS[name];
  return (value) => {
    const candidate = removeSpace ? value.replaceAll(' ', '') : value;
    if (LINE_BREAK.test(candidate)) return `${spec.expected}, without line breaks`;
    return spec.regex.test(candidate) ? undefined : spec.expected;
  };
}

/** ValidateCIDRs: a comma-separated list where every entry is an IP address or a CIDR. */
export function validateCidrs(value: string): ValidationResult {
  const bad = value.split(',').find((entry) => !isIpOrCidr(entry.trim()));
  return bad === undefined
    ? undefined
    : `a comma-separated list of IP addresses or CIDRs ("${bad.trim()}" is neither)`;
}

function isIpOrCidr(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/');
  const version = address.includes('%') ? 0 : isIP(address);
  if (version === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/** ValidateServiceName: a DNS-1035 label. */
export function validateServiceName(value: string): ValidationResult {
  return value.length <= 63 && /^[a-z](?:[-a-z0-9]*[a-z0-9])?$/.test(value)
    ? undefined
    : 'a Service name (lower-case letters, digits and -, starting with a letter, at most 63 characters)';
}

/** ValidateServerName: a host name or server-name regex, without characters that end a directive. */
export function validateServerName(value: string): ValidationResult {
  return validateRegex('serverNameRegex', false)(value.trim());
}

/** ValidateArrayOfServerName: a comma-separated list of server names. */
export function validateArrayOfServerName(value: string): ValidationResult {
  for (const name of value.split(',')) {
    const reason = validateServerName(name);
    if (reason !== undefined) return `a comma-separated list of server names: ${reason}`;
  }
  return undefined;
}

/**
 * CommonNameAnnotationValidator: `CN=` followed by a regex that compiles. Stricter than the controller:
 * the regex lands unquoted in an `if` of the NGINX configuration (CVE-2025-1097), so line breaks, `;`,
 * `#`, quotes and backticks are refused as well.
 */
export function validateCommonName(value: string): ValidationResult {
  if (!value.startsWith('CN=')) return 'CN= followed by a name or regex';
  if (/[\r\n;#'"`]/.test(value))
    return 'CN= followed by a regex without line breaks, ; # quotes or backticks';
  try {
    new RegExp(value.slice(3));
  } catch {
    return 'CN= followed by a valid regex';
  }
  return undefined;
}

function validatorOf(value: AnnotationValue): (raw: string) => ValidationResult {
  switch (value.type) {
    case 'bool':
      return validateBool;
    case 'int':
      return validateInt;
    case 'size':
      return validateSize;
    case 'duration':
      return validateDuration;
    case 'enum':
      return validateOptions(value.values, value.caseSensitive);
    case 'cidrs':
      return validateCidrs;
    case 'service-name':
      return validateServiceName;
    case 'server-name':
      return validateServerName;
    case 'server-names':
      return validateArrayOfServerName;
    case 'common-name':
      return validateCommonName;
    case 'snippet':
      return validateNull;
    case 'pattern':
      return validateRegex(value.pattern, value.removeSpace);
  }
}

const VALIDATORS = new Map(NGINX_ANNOTATIONS.map((entry) => [entry.name, validatorOf(entry.value)]));

/**
 * What the controller's validator says about a value of annotation `name` (without prefix): undefined
 * when it passes (or the annotation is unknown), otherwise what was expected. Empty values are not
 * validated, as the controller does not validate them.
 */
export function validateAnnotationValue(name: string, value: string): ValidationResult {
  if (value === '') return undefined;
  return VALIDATORS.get(name)?.(value);
}

// ---------------------------------------------------------------------------------------------------
// Injection: characters that end or open an NGINX directive, block or string.
// ---------------------------------------------------------------------------------------------------

export const INJECTION_CHARACTERS: readonly { readonly char: string; readonly label: string }[] = [
  { char: '\n', label: 'line feed' },
  { char: '\r', label: 'carriage return' },
  { char: ';', label: '";"' },
  { char: '{', label: '"{"' },
  { char: '}', label: '"}"' },
  { char: '#', label: '"#"' },
  { char: '"', label: 'double quote' },
  { char: "'", label: 'single quote' },
  { char: '`', label: 'backtick' },
  { char: '$', label: '"$"' },
];

/**
 * The first injection character in `value` (by position) that annotation `name`'s validator forbids, when
 * the validator rejects the value; undefined otherwise (snippets validate nothing and are another rule's
 * business). A character counts as forbidden when the documented example with it inserted is rejected:
 * `$` is fine in `rewrite-target` (`/$1`), not in `proxy-body-size`. The probe puts the character inside
 * the value, as some validators trim the ends.
 */
export function injectionCharacter(
  name: string,
  value: string,
): { readonly char: string; readonly label: string } | undefined {
  const entry = nginxAnnotation(name);
  if (!entry || isSnippetAnnotation(entry) || validateAnnotationValue(name, value) === undefined)
    return undefined;
  for (const char of value) {
    const injection = INJECTION_CHARACTERS.find((candidate) => candidate.char === char);
    if (injection && validateAnnotationValue(name, `${entry.example}${char}x`) !== undefined)
      return injection;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Typos: the nearest known name.
// ---------------------------------------------------------------------------------------------------

/** Levenshtein distance (insert, delete, substitute). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The annotation still read whose name is nearest to `name`, when near enough to be a typo: at most a
 * third of the name's length, and never more than 4 edits. Ties go to the alphabetically first name.
 */
export function nearestAnnotationName(name: string): string | undefined {
  const limit = Math.min(4, Math.max(1, Math.floor(name.length / 3)));
  let best: { name: string; distance: number } | undefined;
  for (const entry of ACTIVE) {
    const distance = editDistance(name, entry.name);
    if (distance > limit) continue;
    if (!best || distance < best.distance || (distance === best.distance && entry.name < best.name))
      best = { name: entry.name, distance };
  }
  return best?.name;
}
