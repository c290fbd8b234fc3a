#!/usr/bin/env node
// Entry point for `gatewatch` and `kubectl-gatewatch`. Source runs through Node's type stripping;
// the published package points this at dist/ instead.
/* global process -- Node's global; this file is plain JavaScript */
import { enableCompileCache } from 'node:module';

// Stripping the types of every .ts module and compiling it again on each start is most of a short
// run's time; Node keeps both on disk (in NODE_COMPILE_CACHE, or the system temporary directory) and
// reuses them while the sources are unchanged. NODE_DISABLE_COMPILE_CACHE=1 turns it off. Enabled
// before the CLI is imported (hence the dynamic import below): only modules loaded after it are cached.
enableCompileCache();
const { main } = await import('../src/cli/main.ts');

// `gatewatch scan … | head`: a reader that went away is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (/** @type {NodeJS.ErrnoException} */ (error).code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
