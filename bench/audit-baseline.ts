/**
 * The audit bench's baseline (bench/audit.ts): the simplest useful reader of an audit log, a Node
 * loop reading it line by line and JSON-parsing only the lines that mention ingresses.
 *
 *   node bench/audit-baseline.ts FILE
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: node bench/audit-baseline.ts FILE');
let lines = 0;
let parsed = 0;
const reader = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
for await (const line of reader) {
  lines++;
  if (line.includes('"ingresses"')) {
    JSON.parse(line);
    parsed++;
  }
}
process.stdout.write(`${String(lines)} lines, ${String(parsed)} parsed\n`);
