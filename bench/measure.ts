/**
 * One measurement, run in its own process by bench/run.ts so that peak memory belongs to it alone.
 * Prints one JSON line: { ms, maxRssBytes, detail }.
 *
 *   node --expose-gc bench/measure.ts baseline FILE   read + js-yaml loadAll, nothing else
 *   node --expose-gc bench/measure.ts target FILE     `gatewatch scan FILE -o json`, output discarded
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import jsYaml from 'js-yaml';
import { main, type Io } from '../src/cli/main.ts';
import { BENCH_NOW } from './generate.ts';

const [mode, file] = process.argv.slice(2);
if ((mode !== 'baseline' && mode !== 'target') || file === undefined) {
  console.error('usage: measure.ts baseline|target FILE');
  process.exit(2);
}

/** A fixed clock, so certificate verdicts (and the amount of output) do not drift between runs. */
const NOW = BENCH_NOW;

function baseline(path: string): string {
  const text = readFileSync(path, 'utf8');
  const documents = jsYaml.loadAll(text, undefined, { schema: jsYaml.CORE_SCHEMA });
  return `${String(documents.length)} documents`;
}

async function target(path: string): Promise<string> {
  let outputBytes = 0;
  const io: Io = {
    stdout: (text) => {
      outputBytes += Buffer.byteLength(text);
    },
    stderr: () => undefined,
    isTty: false,
    env: {},
    cwd: process.cwd(),
  };
  const exitCode = await main(['scan', path, '-o', 'json', '--now', NOW], io);
  return `exit ${String(exitCode)}, ${String(outputBytes)} bytes of JSON`;
}

// Everything is imported already (module loading is not what is measured) and the heap is settled.
globalThis.gc?.();
const start = performance.now();
const detail = mode === 'baseline' ? baseline(file) : await target(file);
const ms = performance.now() - start;
process.stdout.write(
  `${JSON.stringify({ ms, maxRssBytes: process.resourceUsage().maxRSS * 1024, detail })}\n`,
);
