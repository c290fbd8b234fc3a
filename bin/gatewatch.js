#!/usr/bin/env node
// Entry point for `gatewatch` and `kubectl-gatewatch`. Source runs through Node's type stripping;
// the published package points this at dist/ instead.
import { main } from '../src/cli/main.ts';

process.exitCode = await main(process.argv.slice(2));
