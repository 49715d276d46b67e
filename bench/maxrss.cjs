// Preloaded (node -r) into the benchmark's fresh CLI processes: on exit, writes the process's peak
// resident memory in bytes to the file named by ROLLUP_BENCH_RSS_FILE.
'use strict';
const file = process.env.ROLLUP_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
  });
}
