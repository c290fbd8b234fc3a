/**
 * Injection patterns for request URLs (traffic-sqli-probe, traffic-xss-probe, traffic-path-traversal).
 * The URL is matched after percent-decoding (twice, for double-encoded payloads) and lower-casing.
 *
 * Robust against hostile input (ReDoS): every pattern uses only bounded quantifiers (`{0,N}` with small
 * N) and no nested or adjacent unbounded repetition, so matching is linear in the input with a small
 * constant; and at most MAX_SUBJECT characters are looked at. A cheap pre-filter keeps ordinary URLs
 * (letters, digits, `/`, `-`, `=`, `&`…) away from the patterns altogether.
 *
 * The patterns are deliberately few and specific: a probe detection that fires on every search for
 * "select" is worse than none. They follow the attack classes of the OWASP Core Rule Set (942 SQLi,
 * 941 XSS, 930 LFI/traversal) without copying its rules.
 */
export type AttackKind = 'sqli' | 'xss' | 'traversal';

export interface AttackPattern {
  readonly id: string;
  readonly kind: AttackKind;
  readonly pattern: RegExp;
  readonly description: string;
  readonly reference: string;
}

const OWASP_SQLI = 'https://owasp.org/www-community/attacks/SQL_Injection';
const OWASP_XSS = 'https://owasp.org/www-community/attacks/xss/';
const OWASP_TRAVERSAL = 'https://owasp.org/www-community/attacks/Path_Traversal';
const CRS_SQLI =
  'https://github.com/coreruleset/coreruleset/blob/main/rules/REQUEST-942-APPLICATION-ATTACK-SQLI.conf';
const CRS_XSS =
  'https://github.com/coreruleset/coreruleset/blob/main/rules/REQUEST-941-APPLICATION-ATTACK-XSS.conf';
const CRS_LFI =
  'https://github.com/coreruleset/coreruleset/blob/main/rules/REQUEST-930-APPLICATION-ATTACK-LFI.conf';

/** The most characters of a decoded URL that are matched (longer URLs are cut, never scanned whole). */
export const MAX_SUBJECT = 8192;

export const ATTACK_PATTERNS: readonly AttackPattern[] = [
  // SQL injection (CWE-89)
  {
    id: 'sqli-tautology',
    kind: 'sqli',
    pattern: /['"`)]\s{0,5}(?:or|and|\|\||&&)\s{1,5}['"`(]?\s{0,3}[\w'"]{1,20}\s{0,3}(?:=|like|>|<)/,
    description: "a quote closed, then a condition such as ' OR '1'='1",
    reference: OWASP_SQLI,
  },
  {
    id: 'sqli-union-select',
    kind: 'sqli',
    pattern: /\bunion(?:\s|\/\*[^*]{0,20}\*\/|\+){1,10}(?:all(?:\s|\/\*[^*]{0,20}\*\/|\+){1,10})?select\b/,
    description: 'UNION SELECT appended to a query',
    reference: CRS_SQLI,
  },
  {
    id: 'sqli-comment-after-quote',
    kind: 'sqli',
    pattern: /['"`]\s{0,5}(?:--|#|\/\*|;)/,
    description: 'a quote closed, then a comment or statement end that cuts the rest of the query',
    reference: OWASP_SQLI,
  },
  {
    id: 'sqli-time-based',
    kind: 'sqli',
    pattern: /\b(?:sleep|pg_sleep|benchmark)\s{0,5}\(\s{0,5}\d|\bwaitfor\s{1,5}delay\s{0,5}'/,
    description: 'time-based blind injection (SLEEP, pg_sleep, BENCHMARK, WAITFOR DELAY)',
    reference: CRS_SQLI,
  },
  {
    id: 'sqli-stacked-statement',
    kind: 'sqli',
    pattern: /;\s{0,5}(?:drop|insert|update|delete|truncate|exec|execute|shutdown|declare)\s/,
    description: 'a second, stacked statement after `;`',
    reference: OWASP_SQLI,
  },
  {
    id: 'sqli-catalog',
    kind: 'sqli',
    pattern:
      /\b(?:information_schema|pg_catalog|sysobjects|xp_cmdshell|load_file\s{0,5}\(|into\s{1,5}(?:out|dump)file)\b/,
    description: 'database catalog or file functions (information_schema, xp_cmdshell, LOAD_FILE)',
    reference: CRS_SQLI,
  },
  {
    id: 'sqli-error-based',
    kind: 'sqli',
    pattern: /\b(?:extractvalue|updatexml|convert\s{0,5}\(\s{0,5}int)\s{0,5}[(,]/,
    description: 'error-based extraction (EXTRACTVALUE, UPDATEXML)',
    reference: CRS_SQLI,
  },
  // Cross-site scripting (CWE-79)
  {
    id: 'xss-script-tag',
    kind: 'xss',
    pattern: /<\s{0,5}\/?\s{0,5}script\b/,
    description: 'a <script> tag',
    reference: OWASP_XSS,
  },
  {
    id: 'xss-event-handler',
    kind: 'xss',
    pattern: /<\s{0,5}[a-z][a-z0-9]{0,15}[\s/][^>]{0,200}?\bon[a-z]{3,25}\s{0,5}=/,
    description: 'an HTML tag with an event handler attribute (onerror=, onload=…)',
    reference: CRS_XSS,
  },
  {
    id: 'xss-javascript-url',
    kind: 'xss',
    pattern: /\b(?:java|vb)script\s{0,5}:/,
    description: 'a javascript: or vbscript: URL',
    reference: OWASP_XSS,
  },
  {
    id: 'xss-dangerous-tag',
    kind: 'xss',
    pattern: /<\s{0,5}(?:iframe|svg|object|embed|math|base|meta|details|marquee)\b/,
    description: 'a tag that can run script (iframe, svg, object, embed…)',
    reference: CRS_XSS,
  },
  {
    id: 'xss-dom-access',
    kind: 'xss',
    pattern: /\b(?:alert|prompt|confirm|eval)\s{0,5}\(|\bdocument\s{0,3}\.\s{0,3}(?:cookie|domain|write)\b/,
    description: 'script calls typical of XSS proofs (alert(), document.cookie)',
    reference: OWASP_XSS,
  },
  // Path traversal and local file inclusion (CWE-22)
  {
    id: 'traversal-dot-dot',
    kind: 'traversal',
    pattern: /(?:^|[/\\=])\.\.(?:[/\\]|$)|\.\.(?:%c0%af|%c1%9c|%u2215|%u2216)/,
    description: 'a ../ or ..\\ segment (also overlong UTF-8 forms)',
    reference: OWASP_TRAVERSAL,
  },
  {
    id: 'traversal-system-file',
    kind: 'traversal',
    pattern:
      /\/etc\/(?:passwd|shadow|group|hosts|issue)\b|\/proc\/self\/(?:environ|cmdline|fd)|\b(?:boot|win)\.ini\b|\\windows\\system32/,
    description: 'a well-known system file (/etc/passwd, /proc/self/environ, win.ini)',
    reference: CRS_LFI,
  },
  {
    id: 'traversal-null-byte',
    kind: 'traversal',
    // eslint-disable-next-line no-control-regex -- a NUL byte is what this pattern looks for
    pattern: /\u0000/,
    description: 'a NUL byte (%00) that cuts a file name short',
    reference: OWASP_TRAVERSAL,
  },
];

/**
 * Characters and words without which none of the patterns can match. Ordinary URLs fail this test and
 * cost one linear scan.
 */
/* eslint-disable no-control-regex -- NUL (%00) is one of the characters looked for */
const SUSPICIOUS =
  /['"`<>;\\\u0000]|\.\.|\bunion\b|\bsleep|\bbenchmark|\bwaitfor|information_schema|pg_catalog|sysobjects|xp_cmdshell|load_file|into\s|extractvalue|updatexml|convert|script\s{0,5}:|alert|prompt|confirm|eval|document|\/etc\/|\/proc\/|\.ini/i;
/* eslint-enable no-control-regex */

const ESCAPE = /%([0-9a-fA-F]{2})/g;

/**
 * Percent-decoding that never throws: valid UTF-8 sequences decode, invalid escapes stay as they are.
 * `+` is a space in a query string.
 */
export function decodeLoose(text: string, plusIsSpace: boolean): string {
  const spaced = plusIsSpace ? text.replaceAll('+', ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced.replace(ESCAPE, (escape, hex: string) => {
      const code = Number.parseInt(hex, 16);
      // ASCII only: a lone byte of a multi-byte character stays escaped (what it means is unknown).
      return code < 0x80 ? String.fromCharCode(code) : escape;
    });
  }
}

/**
 * What a URL is matched as: path and query decoded twice (double-encoded payloads such as `%252e%252e`),
 * lower-cased, cut to MAX_SUBJECT characters.
 */
export function attackSubject(decodedPath: string, query: string): string {
  let subject = query === '' ? decodedPath : `${decodedPath}?${decodeLoose(query, true)}`;
  if (subject.length > MAX_SUBJECT) subject = subject.slice(0, MAX_SUBJECT);
  if (subject.includes('%')) subject = decodeLoose(subject, false);
  return subject.toLowerCase();
}

export interface AttackMatch {
  readonly kind: AttackKind;
  readonly patternId: string;
}

/** Every attack kind the URL shows, with the first pattern of each kind that matched; [] for most URLs. */
export function classifyAttack(subject: string): readonly AttackMatch[] {
  const text = subject.length > MAX_SUBJECT ? subject.slice(0, MAX_SUBJECT) : subject;
  if (!SUSPICIOUS.test(text)) return NONE;
  const matches: AttackMatch[] = [];
  for (const { id, kind, pattern } of ATTACK_PATTERNS) {
    if (matches.some((m) => m.kind === kind)) continue;
    if (pattern.test(text)) matches.push({ kind, patternId: id });
  }
  return matches;
}

const NONE: readonly AttackMatch[] = Object.freeze([]);

/**
 * classifyAttack(attackSubject(…)) for one request, without decoding or lower-casing the URLs that
 * cannot match (nearly all of them): the pre-filter runs case-insensitively on the path first.
 */
export function classifyRequest(decodedPath: string, query: string): readonly AttackMatch[] {
  if (
    query === '' &&
    decodedPath.length <= MAX_SUBJECT &&
    !decodedPath.includes('%') &&
    !SUSPICIOUS.test(decodedPath)
  )
    return NONE;
  return classifyAttack(attackSubject(decodedPath, query));
}
