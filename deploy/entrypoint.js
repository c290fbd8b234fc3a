// The image's entry point: the CLI compiled to dist/ (npm run build), as bin/gatewatch.js runs the
// TypeScript sources in a checkout.
/* global process -- Node's global; this file is plain JavaScript */
const { main } = await import('./dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
