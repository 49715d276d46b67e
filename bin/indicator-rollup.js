#!/usr/bin/env node
// Launcher for `npx indicator-rollup`: lets Node load the TypeScript sources through tsx (a dependency),
// so the tool runs right after `npm ci` with no build step.
'use strict';
const path = require('node:path');
const { register } = require('tsx/cjs/api');

register();
const { run } = require(path.join(__dirname, '..', 'src', 'cli', 'main.ts'));

run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 3;
  },
);
