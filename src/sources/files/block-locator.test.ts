import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { BlockLocator, UNSUPPORTED } from './block-locator.ts';
import { DocumentLocator, YamlLibraryLocator } from './locator.ts';
import { splitDocuments } from './parse.ts';
import type { PathSegment } from '../../model/field-path.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CORPUS_DIRECTORIES = [
  join(ROOT, 'test', 'fixtures'),
  join(ROOT, 'examples'),
  '/work/shared/conformance',
];

function yamlFiles(directory: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(directory);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of entries.sort()) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) out.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

/** Every path to every node of a parsed value, plus paths that leave it (a missing key, an index past the end, a step into a scalar). */
function pathsOf(
  value: unknown,
  prefix: PathSegment[] = [],
  out: PathSegment[][] = [],
  depth = 0,
): PathSegment[][] {
  out.push(prefix);
  if (depth > 12) return out;
  if (Array.isArray(value)) {
    value.forEach((item, index) => pathsOf(item, [...prefix, index], out, depth + 1));
    out.push([...prefix, value.length], [...prefix, 'name']);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) pathsOf(child, [...prefix, key], out, depth + 1);
    out.push([...prefix, 'no-such-key'], [...prefix, 0]);
  } else {
    out.push([...prefix, 'below-a-scalar']);
  }
  return out;
}

interface Comparison {
  readonly documents: number;
  readonly fast: number;
}

/** Compares both locators on every path of every document of `text`; returns how many documents the fast one handled. */
function compareOn(text: string, label: string): Comparison {
  let documents = 0;
  let fast = 0;
  for (const chunk of splitDocuments(text)) {
    let value: unknown;
    try {
      value = jsYaml.load(chunk.text, { schema: jsYaml.CORE_SCHEMA });
    } catch {
      continue; // unreadable documents never reach the locator
    }
    if (value === null || value === undefined) continue;
    documents++;
    const block = new BlockLocator(chunk.text);
    const exact = new YamlLibraryLocator(chunk.text);
    let handled = true;
    for (const path of pathsOf(value)) {
      const got = block.locate(path);
      if (got === UNSUPPORTED) {
        handled = false;
        break;
      }
      assert.equal(
        got,
        exact.locate(path),
        `${label} (document at line ${String(chunk.line)}), path ${JSON.stringify(path)}`,
      );
    }
    if (handled) fast++;
  }
  return { documents, fast };
}

test('agrees with the yaml library on every path of the fixtures, the examples and the conformance corpus', () => {
  let documents = 0;
  let fast = 0;
  const files = CORPUS_DIRECTORIES.flatMap((directory) => yamlFiles(directory));
  assert.ok(files.length > 50, `corpus too small: ${String(files.length)} files`);
  for (const file of files) {
    const result = compareOn(readFileSync(file, 'utf8'), file);
    documents += result.documents;
    fast += result.fast;
  }
  // The point of the fast path is that it is the common path.
  assert.ok(
    fast / documents > 0.9,
    `only ${String(fast)} of ${String(documents)} documents took the fast path`,
  );
});

const TRICKY: Record<string, string> = {
  'comments and blank lines everywhere': `# leading comment

apiVersion: v1   # trailing
kind: Service
# between
metadata:

  # inside
  name: web
  labels: # comment after a key
    app: web
spec:
  ports:
  # before an item
  - name: http
    port: 80

  - name: https   # comment
    port: 443
`,
  'sequences indented under their key': `spec:
  rules:
    - host: a.example.com
      http:
        paths:
          - path: /
            backend:
              service: {name: web, port: {number: 80}}
    - host: b.example.com
`,
  'dash alone on its line': `items:
-
  name: a
  value: 1
- # a comment
  name: b
-   name: c
    value: 3
`,
  'nested sequences on one line': `matrix:
- - a
  - b
- - c
`,
  'quoted keys': `metadata:
  annotations:
    "nginx.ingress.kubernetes.io/rewrite-target": /$2
    'it''s': quoted
    "a: b": colon inside
    plain key with spaces: yes
    url://not-a-key-separator: value
`,
  'block scalars whose lines look like keys': `data:
  config: |
    name: not-a-key
    - not-an-item
  folded: >-
    more: text
  after: here
`,
  'multi-line plain and quoted scalars': `metadata:
  annotations:
    description: this is a long
      description over lines
    quoted: "a quoted string
      over two lines"
  name: x
`,
  'empty and null values': `a:
b: ~
c:
  d:
e: []
f: {}
g: null
`,
  'CRLF line ends':
    'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\ndata:\r\n  key: value\r\n',
  'four-space indentation': `spec:
    tls:
    -   hosts:
        -   a.example.com
        secretName: a-tls
`,
  'flow collections on one line': `spec:
  args: ["--a", "--b"]
  selector: {app: web}
  ports: [{port: 80}, {port: 443}]
  hashes: ["--a=#b", 'it''s', x#y] # a comment
  nested: {a: [1, {b: "]"}], c: '}'}
`,
  'anchors and aliases': `base: &base
  port: 80
one:
  <<: *base
two: *base
tagged: !!str 80
`,
  'JSON as a document': `{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "json"},
 "spec": {"ports": [{"port": 80}]}}
`,
  'complex keys': `? a
: 1
? [b, c]
: 2
`,
  'keys that are not strings': `ports:
  80: http
  443: https
  true: yes
`,
  'a scalar document': `just a string
`,
  'tabs after indentation': 'spec:\n  name:\tvalue\n  other: 1\n',
};

for (const [name, text] of Object.entries(TRICKY)) {
  test(`agrees with the yaml library (or defers to it): ${name}`, () => {
    compareOn(text, name);
    // Through DocumentLocator, answers always equal the library's, whichever path gave them.
    const value = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
    const locator = new DocumentLocator(text, 10);
    const exact = new YamlLibraryLocator(text);
    for (const path of pathsOf(value)) {
      const want = exact.locate(path);
      assert.equal(
        locator.locate(path, ''),
        want === undefined ? undefined : want + 10,
        JSON.stringify(path),
      );
    }
  });
}

test('the common cases take the fast path', () => {
  const handled = [
    'comments and blank lines everywhere',
    'sequences indented under their key',
    'flow collections on one line',
    'quoted keys',
    'block scalars whose lines look like keys',
    'CRLF line ends',
    'four-space indentation',
    'nested sequences on one line',
  ];
  for (const name of handled) {
    const text = TRICKY[name] ?? '';
    const value = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
    const block = new BlockLocator(text);
    for (const path of pathsOf(value))
      assert.notEqual(block.locate(path), UNSUPPORTED, `${name}: ${JSON.stringify(path)}`);
  }
});

test('unusual constructs are left to the library', () => {
  assert.equal(new BlockLocator(TRICKY['anchors and aliases'] ?? '').locate(['two', 'port']), UNSUPPORTED);
  assert.equal(new BlockLocator(TRICKY['complex keys'] ?? '').locate(['a']), UNSUPPORTED);
  assert.equal(
    new BlockLocator('spec:\n  ports: [80,\n    443]\n').locate(['spec', 'ports', 1]),
    UNSUPPORTED,
  );
  assert.equal(new BlockLocator('a:\n\tb: 1\n').locate(['a', 'b']), UNSUPPORTED);
  assert.equal(new BlockLocator('a: 1\rb: 2\n').locate(['b']), UNSUPPORTED);
});

test('an empty document has no line', () => {
  assert.equal(new BlockLocator('# only a comment\n\n').locate(['a']), undefined);
  assert.equal(new DocumentLocator('', 1).locate([], 'metadata.name'), undefined);
});
