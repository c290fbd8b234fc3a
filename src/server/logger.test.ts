/**
 * serve's log lines on stdout are written in batches: checked on a real child process's stdout pipe,
 * for when lines come out (a warning at once, info within a second, everything by exit).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const LOGGER = new URL('./logger.ts', import.meta.url).href;

/** Runs `script` (the logger module imported as `log`) in a child; each stdout line with when it came. */
async function linesOf(script: string): Promise<{ msg: string; afterMs: number }[]> {
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', `import * as log from ${JSON.stringify(LOGGER)};\n${script}`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const started = performance.now();
  const lines: { msg: string; afterMs: number }[] = [];
  for await (const line of createInterface({ input: child.stdout }))
    lines.push({ msg: (JSON.parse(line) as { msg: string }).msg, afterMs: performance.now() - started });
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 0);
  return lines;
}

describe('serve logs on stdout', () => {
  it('holds info lines for their batch, writes a warning and what came before it at once', async () => {
    const lines = await linesOf(`
      const logger = log.createLogger();
      logger.info('first');
      setTimeout(() => logger.warn('warning'), 300);
      setTimeout(() => logger.info('last'), 400);
      setTimeout(() => undefined, 3000);
    `);
    assert.deepEqual(
      lines.map((line) => line.msg),
      ['first', 'warning', 'last'],
    );
    const [first, warning, last] = lines;
    assert.ok(first && warning && last);
    // Logged 300 ms apart, they come out together: the info line waited, the warning did not.
    assert.ok(warning.afterMs - first.afterMs < 50, 'the warning brought the held line with it');
    // The periodic flush (1 s), long before the process exits at ~3 s.
    assert.ok(last.afterMs < 2500, `info held until exit (${String(last.afterMs)} ms)`);
  });

  it('flushLogs writes held lines now, and nothing is lost when the process exits', async () => {
    const lines = await linesOf(`
      const logger = log.createLogger();
      logger.info('listening');
      log.flushLogs(logger);
      setTimeout(() => { logger.info('at exit'); process.exit(0); }, 300);
    `);
    assert.deepEqual(
      lines.map((line) => line.msg),
      ['listening', 'at exit'],
    );
    assert.ok((lines[1]?.afterMs ?? 0) - (lines[0]?.afterMs ?? 0) >= 250, 'listening came out at once');
  });
});
