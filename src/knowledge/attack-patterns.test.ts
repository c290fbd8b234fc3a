import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ATTACK_PATTERNS,
  attackSubject,
  classifyAttack,
  classifyRequest,
  decodeLoose,
  MAX_SUBJECT,
} from './attack-patterns.ts';
import { probeMatcher } from './probe-paths.ts';
import { scannerOf } from './scanner-user-agents.ts';

function kinds(path: string, query = ''): string[] {
  return classifyRequest(path, query).map((m) => m.kind);
}

describe('attack patterns', () => {
  it('classify decoded (and double-decoded) URLs', () => {
    assert.deepEqual(kinds('/p', "id=1' or '1'='1"), ['sqli']);
    assert.deepEqual(kinds('/p', 'id=1%27%20OR%201=1--'), ['sqli']);
    assert.deepEqual(kinds('/p', 'id=1;%20DROP%20TABLE%20users'), ['sqli']);
    assert.deepEqual(kinds('/p', 'id=1%20AND%20SLEEP(5)'), ['sqli']);
    assert.deepEqual(kinds('/p', 'q=%253Cscript%253E'), ['xss']);
    assert.deepEqual(kinds('/p', 'u=javascript:alert(1)'), ['xss']);
    assert.deepEqual(kinds('/a/../../etc/passwd'), ['traversal']);
    assert.deepEqual(kinds('/a/..\\..\\windows\\win.ini'), ['traversal']);
    assert.deepEqual(kinds('/file', 'name=x.php%00.jpg'), ['traversal']);
  });

  it('leave ordinary URLs alone', () => {
    for (const [path, query] of [
      ['/', ''],
      ['/products/42', 'sort=price&page=2'],
      ['/search', 'q=select+a+union+representative'],
      ['/blog/2026/05/how-to-write-a-script', ''],
      ['/docs/v1.2/intro', 'lang=en'],
      ['/api/orders', "note=it's+fine"],
    ] as const)
      assert.deepEqual(kinds(path, query), [], `${path}?${query}`);
  });

  it('decode without throwing on invalid escapes', () => {
    assert.equal(decodeLoose('%E0%A4%A', false), '%E0%A4%A');
    assert.equal(decodeLoose('a%2Fb%zz+c', true), 'a/b%zz c');
    assert.equal(decodeLoose('%3Cb%3E%ff', false), '<b>%ff');
  });

  it('every pattern has an id, a kind, a description and an https reference', () => {
    const ids = new Set<string>();
    for (const pattern of ATTACK_PATTERNS) {
      assert.ok(!ids.has(pattern.id), pattern.id);
      ids.add(pattern.id);
      assert.match(pattern.reference, /^https:\/\//);
      assert.ok(pattern.description.length > 5);
    }
  });

  // ReDoS: hostile inputs of the shapes that make backtracking regexes explode must stay linear.
  it('stay fast on long hostile inputs (no catastrophic backtracking)', () => {
    const hostile = [
      "'".repeat(100_000),
      ' '.repeat(100_000),
      `'${' '.repeat(50_000)}or${' '.repeat(50_000)}`,
      `union${'/**/'.repeat(25_000)}`,
      `<a${' x'.repeat(50_000)}`,
      '<'.repeat(100_000),
      `${'../'.repeat(30_000)}x`,
      `sleep${' '.repeat(100_000)}(`,
      `${'%25'.repeat(30_000)}3C`,
      `<svg${'a'.repeat(100_000)}`,
      'a'.repeat(1_000_000),
    ];
    for (const input of hostile) {
      const start = performance.now();
      classifyRequest(`/${input}`, input);
      classifyAttack(attackSubject(input, input));
      for (const { pattern } of ATTACK_PATTERNS) pattern.test(input.slice(0, MAX_SUBJECT));
      const elapsed = performance.now() - start;
      assert.ok(elapsed < 500, `${input.slice(0, 20)}… took ${elapsed.toFixed(0)} ms`);
    }
  });
});

describe('probe paths', () => {
  const probe = probeMatcher();
  it('match sensitive files by segment, case-insensitively', () => {
    assert.equal(probe('/.env')?.name, '.env');
    assert.equal(probe('/app/.ENV.production')?.name, '.env');
    assert.equal(probe('/.git/config')?.name, '.git');
    assert.equal(probe('/wordpress/wp-admin/install.php')?.name, 'wp-admin');
    assert.equal(probe('/dump/site.sql.gz')?.name, '*.sql.gz');
    assert.equal(probe('/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php')?.name, 'eval-stdin.php');
  });

  it('not ordinary paths', () => {
    for (const path of [
      '/',
      '/environment',
      '/github/.gitignore-guide',
      '/admin',
      '/metrics',
      '/sql/intro',
      '/envoy',
    ])
      assert.equal(probe(path), undefined, path);
  });

  it('take extra targets from the config', () => {
    assert.equal(probeMatcher(['internal-debug'])('/internal-debug/vars')?.name, 'internal-debug');
  });
});

describe('scanner user agents', () => {
  it('name the tool', () => {
    assert.equal(scannerOf('sqlmap/1.8.4#stable (https://sqlmap.org)')?.tool, 'sqlmap');
    assert.equal(scannerOf('Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000001)')?.tool, 'Nikto');
    assert.equal(
      scannerOf('Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)')?.tool,
      'Nmap NSE',
    );
    assert.equal(scannerOf('Mozilla/5.0 (X11; Linux x86_64) Firefox/137.0'), undefined);
    assert.equal(scannerOf(undefined), undefined);
  });
});
