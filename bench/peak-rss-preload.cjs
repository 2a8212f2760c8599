'use strict';
// Preloaded (NODE_OPTIONS=--require) into the processes the bench measures: at exit, writes the
// process's own peak resident set size (getrusage maxrss) to $BENCH_RUSAGE_DIR/<pid>.json.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.BENCH_RUSAGE_DIR;
if (dir) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const record = {
      pid: process.pid,
      argv: process.argv.slice(1),
      maxRssKb: usage.maxRSS,
      userCpuUs: usage.userCPUTime,
    };
    try {
      writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(record));
    } catch {
      // Measuring must never change the outcome of the measured process.
    }
  });
}
