#!/usr/bin/env node
// Entry point for `gatewatch` and `kubectl-gatewatch`. Source runs through Node's type stripping;
// the published package points this at dist/ instead.
/* global process -- Node's global; this file is plain JavaScript */
import { main } from '../src/cli/main.ts';

// `gatewatch scan … | head`: a reader that went away is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (/** @type {NodeJS.ErrnoException} */ (error).code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
