/**
 * Preloaded (`node --import`) into a measured process: at exit, its CPU time and peak memory as one
 * JSON line on file descriptor 3, so a command is measured exactly as a user runs it.
 */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  writeSync(3, `${JSON.stringify({ cpuMs, maxRssBytes: usage.maxRSS * 1024 })}\n`);
});
