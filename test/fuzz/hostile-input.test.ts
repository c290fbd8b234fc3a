/**
 * Hostile input through the whole pipeline (parse → collect → model → every rule, strict preset):
 * ≥ 10,000 mutations of realistic manifests, seeded so any failure can be replayed. The contract
 * (DESIGN §5.5): bad input becomes a reported problem with file and line, never a crash or a hang.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import jsYaml from 'js-yaml';
import { parseText, splitDocuments } from '../../src/sources/files/parse.ts';
import { ResourceCollector } from '../../src/sources/collect.ts';
import { Model } from '../../src/model/model.ts';
import { runRules } from '../../src/engine/run-rules.ts';
import { resolveConfig } from '../../src/engine/config.ts';
import { RULES } from '../../src/rules/index.ts';
import type { InputProblem } from '../../src/sources/problem.ts';

const SEED = 20260601;
const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
const FILE = 'fuzz.yaml';
const NOW = Date.parse('2026-06-01T00:00:00Z');
/** A single case may be slow (a 1 MiB host through every rule), but never this slow. */
const CASE_BUDGET_MS = 5_000;

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Dice {
  readonly random: () => number;
  constructor(seed: number) {
    this.random = seededRandom(seed);
  }
  int(below: number): number {
    return Math.floor(this.random() * below);
  }
  one<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

function fixtureFiles(directory: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(directory).sort()) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) out.push(...fixtureFiles(path));
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

const INLINE_SEEDS = [
  `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/whitelist-source-range: 10.0.0.0/8
    nginx.ingress.kubernetes.io/configuration-snippet: |
      more_set_headers "X-Frame-Options: DENY";
    nginx.ingress.kubernetes.io/auth-tls-secret: other/ca
spec:
  ingressClassName: nginx
  defaultBackend:
    service:
      name: web
      port:
        number: 80
  tls:
  - hosts: [shop.example.com]
    secretName: shop-tls
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              name: http
`,
  `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: {name: web, namespace: shop}
  spec:
    selector: {app: web}
    ports: [{name: http, port: 80, targetPort: 8080}]
- apiVersion: networking.k8s.io/v1
  kind: IngressClass
  metadata:
    name: nginx
    annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
  spec: {controller: k8s.io/ingress-nginx}
`,
];

/** Fields whose type the mutations confuse: where rules look first. */
const CONFUSABLE_PATHS: readonly (readonly (string | number)[])[] = [
  ['spec'],
  ['spec', 'rules'],
  ['spec', 'rules', 0],
  ['spec', 'rules', 0, 'host'],
  ['spec', 'rules', 0, 'http'],
  ['spec', 'rules', 0, 'http', 'paths'],
  ['spec', 'rules', 0, 'http', 'paths', 0],
  ['spec', 'rules', 0, 'http', 'paths', 0, 'path'],
  ['spec', 'rules', 0, 'http', 'paths', 0, 'backend'],
  ['spec', 'rules', 0, 'http', 'paths', 0, 'backend', 'service', 'port'],
  ['spec', 'tls'],
  ['spec', 'tls', 0],
  ['spec', 'tls', 0, 'hosts'],
  ['spec', 'tls', 0, 'secretName'],
  ['spec', 'defaultBackend'],
  ['spec', 'ingressClassName'],
  ['spec', 'ports'],
  ['spec', 'selector'],
  ['spec', 'template', 'spec', 'containers'],
  ['spec', 'template', 'spec', 'containers', 0, 'image'],
  ['spec', 'template', 'spec', 'containers', 0, 'args'],
  ['metadata'],
  ['metadata', 'name'],
  ['metadata', 'namespace'],
  ['metadata', 'annotations'],
  ['metadata', 'labels'],
  ['data'],
  ['data', 'tls.crt'],
  ['type'],
  ['kind'],
  ['apiVersion'],
  ['items'],
];

function confusedValue(dice: Dice): unknown {
  return dice.one<() => unknown>([
    () => 'a string',
    () => '',
    () => dice.int(100_000) - 50_000,
    () => 1.5e300,
    () => true,
    () => null,
    () => [],
    () => ['x', 1, null, { a: 'b' }],
    () => ({}),
    () => ({ host: 7, path: ['/'], service: 'web', secretName: { name: 'x' } }),
    () => [[['nested']]],
    () => '*.*.example.com',
    () => '/../../etc/passwd',
    () => '\u0000\u001b[31mred\u202e',
  ])();
}

function setAt(root: unknown, path: readonly (string | number)[], value: unknown): boolean {
  let node = root;
  for (const segment of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return false;
    node = (node as Record<string | number, unknown>)[segment];
  }
  if (typeof node !== 'object' || node === null) return false;
  (node as Record<string | number, unknown>)[path.at(-1) ?? ''] = value;
  return true;
}

function typeConfusion(text: string, dice: Dice): string {
  // Anchored input may be an alias bomb: js-yaml would expand it on the way back out.
  if (text.includes('&')) return text;
  let documents: unknown[];
  try {
    documents = jsYaml.loadAll(text, undefined, { schema: jsYaml.CORE_SCHEMA });
  } catch {
    return text;
  }
  for (let i = 0; i < 1 + dice.int(3); i++) {
    const document = documents[dice.int(documents.length)];
    const path = dice.one(CONFUSABLE_PATHS);
    const target =
      (document as { kind?: unknown } | null)?.kind === 'List' && dice.int(2) === 0
        ? ['items', 0, ...path]
        : path;
    setAt(document, target, confusedValue(dice));
  }
  return documents.map((d) => jsYaml.dump(d, { lineWidth: -1 })).join('---\n');
}

function billionLaughs(depth: number): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: lol', 'data:', '  a0: &a0 "lol"'];
  for (let level = 1; level <= depth; level++)
    lines.push(
      `  a${String(level)}: &a${String(level)} [${Array.from({ length: 10 }, () => `*a${String(level - 1)}`).join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

function lines(text: string): string[] {
  return text.split('\n');
}

type Mutation = (text: string, dice: Dice) => string;

const MUTATIONS: Record<string, { weight: number; apply: Mutation }> = {
  truncate: { weight: 12, apply: (text, dice) => text.slice(0, dice.int(text.length + 1)) },
  typeConfusion: { weight: 20, apply: typeConfusion },
  randomBytes: {
    weight: 10,
    apply: (text, dice) => {
      const chars = Array.from(text);
      for (let i = 0; i < 1 + dice.int(8); i++)
        chars.splice(dice.int(chars.length + 1), dice.int(2), String.fromCharCode(dice.int(0x3000)));
      return chars.join('');
    },
  },
  yamlPunctuation: {
    weight: 10,
    apply: (text, dice) => {
      const chars = Array.from(text);
      for (let i = 0; i < 1 + dice.int(5); i++)
        chars.splice(
          dice.int(chars.length + 1),
          0,
          dice.one([
            ':',
            '- ',
            '&a ',
            '*a',
            '!!binary ',
            '{',
            ']',
            '"',
            "'",
            '|',
            '>',
            '? ',
            '#',
            '%',
            '@',
            '`',
            '\n---\n',
            '\n...\n',
            '<<: ',
          ]),
        );
      return chars.join('');
    },
  },
  nul: {
    weight: 4,
    apply: (text, dice) =>
      `${text.slice(0, dice.int(text.length))}\u0000${text.slice(dice.int(text.length))}`,
  },
  duplicateKeys: {
    weight: 8,
    apply: (text, dice) => {
      const all = lines(text);
      const index = dice.int(all.length);
      all.splice(index, 0, all[index] ?? '');
      return all.join('\n');
    },
  },
  lineShuffle: {
    weight: 8,
    apply: (text, dice) => {
      const all = lines(text);
      const a = dice.int(all.length);
      const b = dice.int(all.length);
      [all[a], all[b]] = [all[b] ?? '', all[a] ?? ''];
      if (dice.int(2) === 0) all.splice(dice.int(all.length), 1);
      return all.join('\n');
    },
  },
  reindent: {
    weight: 6,
    apply: (text, dice) =>
      lines(text)
        .map((line) => (dice.int(6) === 0 ? `${' '.repeat(dice.int(5))}${line.trimStart()}` : line))
        .join('\n'),
  },
  crlf: {
    weight: 4,
    apply: (text, dice) => (dice.int(2) === 0 ? text.replaceAll('\n', '\r\n') : text.replaceAll('\n', '\r')),
  },
  bom: {
    weight: 3,
    apply: (text, dice) =>
      dice.int(2) === 0
        ? `\uFEFF${text}`
        : `${text.slice(0, dice.int(text.length))}\uFEFF${text.slice(dice.int(text.length))}`,
  },
  tabs: {
    weight: 5,
    apply: (text, dice) =>
      lines(text)
        .map((line) =>
          dice.int(4) === 0
            ? line.replace(/^( +)/, (spaces) => '\t'.repeat(Math.max(1, spaces.length / 2)))
            : line,
        )
        .join('\n'),
  },
  hugeHost: {
    weight: 0.3,
    apply: (text) => text.replace(/host: .*/, `host: ${'a'.repeat(1024 * 1024)}.example.com`),
  },
  hugeAnnotation: {
    weight: 0.3,
    apply: (text) =>
      text.replace(/annotations:\n/, `annotations:\n    x.example.com/huge: "${'x'.repeat(1024 * 1024)}"\n`),
  },
  deepFlow: {
    weight: 0.2,
    apply: () =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
  },
  deepBlock: {
    weight: 0.2,
    apply: () =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n${Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')}\n`,
  },
  aliasBomb: { weight: 1, apply: (_text, dice) => billionLaughs(3 + dice.int(7)) },
  manyDocuments: { weight: 1, apply: (text) => Array.from({ length: 50 }, () => text).join('\n---\n') },
  json: {
    weight: 3,
    apply: (text, dice) =>
      `{"apiVersion": "v1", "kind": "Service", "metadata": ${dice.int(2) === 0 ? '{"name": "j"}' : '['}${text.slice(0, dice.int(40))}`,
  },
};

const MUTATION_NAMES = Object.keys(MUTATIONS);
const TOTAL_WEIGHT = MUTATION_NAMES.reduce((sum, name) => sum + (MUTATIONS[name]?.weight ?? 0), 0);

function pickMutation(dice: Dice): string {
  let roll = dice.random() * TOTAL_WEIGHT;
  for (const name of MUTATION_NAMES) {
    roll -= MUTATIONS[name]?.weight ?? 0;
    if (roll < 0) return name;
  }
  return MUTATION_NAMES[0] ?? 'truncate';
}

const config = resolveConfig(RULES, { preset: 'strict' }, {});

/** The whole pipeline, as the CLI runs it; returns the problems and the finding locations. */
function scan(text: string): { problems: InputProblem[]; findingLines: number[] } {
  const collector = new ResourceCollector();
  const parsed = parseText(text, FILE);
  for (const document of parsed.documents) collector.addDocument(document);
  const model = new Model(collector.resources, { mode: 'files' });
  const result = runRules({ model, config, now: NOW });
  const findingLines = [...result.findings, ...result.suppressed].flatMap((f) =>
    f.location ? [f.location.line] : [],
  );
  return { problems: [...parsed.problems, ...collector.problems], findingLines };
}

/** Comments, blank lines and directives alone are no document: nothing to report. */
function hasContent(text: string): boolean {
  return text.split(/\r?\n/).some((line) => {
    const trimmed = line.trim();
    return trimmed !== '' && !trimmed.startsWith('#') && !trimmed.startsWith('%');
  });
}

function documentFailsToParse(chunkText: string): boolean {
  try {
    jsYaml.load(chunkText, { schema: jsYaml.CORE_SCHEMA });
    return false;
  } catch {
    return true;
  }
}

interface Failure {
  readonly caseNumber: number;
  readonly mutation: string;
  readonly reason: string;
  readonly input: string;
}

function checkCase(text: string): string | undefined {
  let outcome: ReturnType<typeof scan>;
  try {
    outcome = scan(text);
  } catch (error) {
    return `exception: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  }
  const lineCount = text.split(/\r\n|\r|\n/).length;
  for (const problem of outcome.problems) {
    if (problem.file !== FILE) return `problem without the file: ${JSON.stringify(problem)}`;
    if (!Number.isInteger(problem.line) || problem.line < 0 || problem.line > lineCount + 1)
      return `problem with line out of range: ${JSON.stringify(problem)}`;
  }
  for (const line of outcome.findingLines) {
    if (!Number.isInteger(line) || line < 1 || line > lineCount + 1)
      return `finding with line ${String(line)} out of range 1..${String(lineCount)}`;
  }
  // Every document that cannot be read is reported at a line inside it (or the whole file at line 0 or 1).
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    return undefined;
  }
  const problemLines = outcome.problems
    .filter((p) => p.id === 'input-parse-error' || p.id === 'input-too-large')
    .map((p) => p.line);
  for (const chunk of splitDocuments(text.replace(/\r(?!\n)/g, '\n'))) {
    if (!hasContent(chunk.text) || !documentFailsToParse(chunk.text)) continue;
    const last = chunk.line + chunk.text.split('\n').length;
    if (!problemLines.some((line) => line === 0 || (line >= chunk.line && line <= last))) {
      // js-yaml refuses it; the `yaml` library (used for documents with anchors) may legitimately accept it.
      if (/[&*]/.test(chunk.text)) continue;
      return `unreadable document at line ${String(chunk.line)} produced no problem`;
    }
  }
  return undefined;
}

function seeds(): string[] {
  const fixtures = fixtureFiles(join(import.meta.dirname, '..', 'fixtures', 'rules')).map((file) =>
    readFileSync(file, 'utf8'),
  );
  return [...INLINE_SEEDS, ...fixtures];
}

function preview(text: string): string {
  const shown = text.length > 600 ? `${text.slice(0, 600)}… (${String(text.length)} chars)` : text;
  return JSON.stringify(shown);
}

test(
  `${String(CASES)} hostile mutations go through the whole pipeline without a crash or a hang`,
  { timeout: 180_000 },
  () => {
    const corpus = seeds();
    const dice = new Dice(SEED);
    const failures: Failure[] = [];
    const counts = new Map<string, number>();
    let slowest = { ms: 0, mutation: '' };
    const time = new Map<string, number>();
    for (let caseNumber = 0; caseNumber < CASES; caseNumber++) {
      const base = dice.one(corpus);
      const mutation = pickMutation(dice);
      // Sometimes two mutations stack, as real damage does.
      let text = MUTATIONS[mutation]?.apply(base, dice) ?? base;
      if (dice.int(5) === 0) text = MUTATIONS[pickMutation(dice)]?.apply(text, dice) ?? text;
      counts.set(mutation, (counts.get(mutation) ?? 0) + 1);
      const started = performance.now();
      const reason = checkCase(text);
      const ms = performance.now() - started;
      if (ms > slowest.ms) slowest = { ms, mutation };
      if (process.env.FUZZ_PROFILE) time.set(mutation, (time.get(mutation) ?? 0) + ms);
      if (reason === undefined && ms > CASE_BUDGET_MS)
        failures.push({ caseNumber, mutation, reason: `took ${ms.toFixed(0)} ms`, input: text });
      if (reason !== undefined) failures.push({ caseNumber, mutation, reason, input: text });
    }
    if (process.env.FUZZ_PROFILE)
      console.log(
        [...time]
          .sort((a, b) => b[1] - a[1])
          .map(([name, ms]) => `${name}: ${ms.toFixed(0)} ms / ${String(counts.get(name))}`)
          .join('\n'),
      );
    const report = failures
      .slice(0, 5)
      .map((f) => `case ${String(f.caseNumber)} (${f.mutation}): ${f.reason}\ninput: ${preview(f.input)}`)
      .join('\n\n');
    assert.equal(
      failures.length,
      0,
      `${String(failures.length)} of ${String(CASES)} cases failed (seed ${String(SEED)}):\n\n${report}`,
    );
    // Every mutation actually ran, so a future edit cannot silently drop one.
    for (const name of MUTATION_NAMES) assert.ok((counts.get(name) ?? 0) > 0, `mutation ${name} never ran`);
    assert.ok(slowest.ms < CASE_BUDGET_MS, `slowest case: ${slowest.mutation}, ${slowest.ms.toFixed(0)} ms`);
  },
);

test('the defences hold on their own: alias bomb, deep nesting, huge values, binary', () => {
  const bomb = scan(billionLaughs(9));
  assert.ok(
    bomb.problems.some((p) => p.id === 'input-parse-error' && p.line >= 1),
    JSON.stringify(bomb.problems),
  );
  const deep = scan(
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
  );
  assert.ok(deep.problems.every((p) => p.line >= 1));
  const truncated = scan('apiVersion: v1\nkind: Service\nmetadata:\n  name: "unterminated\n');
  assert.ok(
    truncated.problems.some((p) => p.id === 'input-parse-error' && p.line >= 1),
    JSON.stringify(truncated.problems),
  );
  const oversized = scan(
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: ${'x'.repeat(4 * 1024 * 1024)}\n`,
  );
  assert.ok(
    oversized.problems.some((p) => p.id === 'input-too-large' && p.line === 1),
    JSON.stringify(oversized.problems),
  );
});
