#!/usr/bin/env node
// Launcher for `npx indicator-rollup`: runs the TypeScript sources right after `npm ci`, with no build
// step. The first run bundles src/cli/main.ts with esbuild (which tsx, a dependency, brings) into one
// cached script; later runs load that script, rebuilt whenever a source file changes. Loading one
// script takes a fraction of the time tsx takes to load the sources file by file. Should esbuild be
// missing or fail, the sources load through tsx as before.
//
// An internal error's stack names lines of the bundle; INDICATOR_ROLLUP_LOADER=tsx names the sources.
// The cache lives in node_modules/.cache/indicator-rollup (else the system temp folder, else nowhere);
// INDICATOR_ROLLUP_CACHE=<folder> puts it elsewhere, INDICATOR_ROLLUP_LOADER=tsx skips it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const ROOT = path.join(__dirname, '..');
const ENTRY = path.join(ROOT, 'src', 'cli', 'main.ts');
/** Bump when the bundle's settings below change, so old caches are not used. */
const LOADER_VERSION = 2;

function esbuildVersion() {
  try {
    return require('esbuild/package.json').version;
  } catch {
    return 'none';
  }
}

function cacheDirs() {
  if (process.env.INDICATOR_ROLLUP_CACHE) return [process.env.INDICATOR_ROLLUP_CACHE];
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return [path.join(ROOT, 'node_modules', '.cache', 'indicator-rollup'), path.join(require('node:os').tmpdir(), `indicator-rollup-${uid}`)];
}

/** A file name for this checkout, Node and esbuild: two checkouts never share a bundle. */
function cacheName() {
  const key = `${LOADER_VERSION}|${ROOT}|${process.versions.node}|${esbuildVersion()}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return `cli-${(h >>> 0).toString(16).padStart(8, '0')}`;
}

/** The cached bundle's code, when every source it was built from is unchanged. */
function cachedCode(base) {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(`${base}.json`, 'utf8'));
  } catch {
    return null;
  }
  if (!manifest || !Array.isArray(manifest.inputs) || manifest.inputs.length === 0) return null;
  for (const [file, mtimeMs, size] of manifest.inputs) {
    const stat = fs.statSync(path.join(ROOT, file), { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs !== mtimeMs || stat.size !== size) return null;
  }
  try {
    return fs.readFileSync(`${base}.cjs`, 'utf8');
  } catch {
    return null;
  }
}

/** Bundles the command line (packages stay outside, loaded from node_modules as usual). */
function build() {
  const esbuild = require('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [ENTRY],
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    format: 'cjs',
    packages: 'external',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  const inputs = Object.keys(result.metafile.inputs).map((file) => {
    const stat = fs.statSync(path.join(ROOT, file));
    return [file, stat.mtimeMs, stat.size];
  });
  return { code, inputs };
}

/**
 * Writes the bundle where it can and returns its path without extension; null when no folder takes it
 * (the run goes on without a cache).
 */
function store(name, built) {
  for (const dir of cacheDirs()) {
    try {
      fs.mkdirSync(dir, { recursive: true });
      const base = path.join(dir, name);
      const temp = `${base}.${process.pid}.tmp`;
      fs.writeFileSync(temp, built.code);
      fs.renameSync(temp, `${base}.cjs`);
      fs.writeFileSync(temp, JSON.stringify({ entry: path.relative(ROOT, ENTRY), inputs: built.inputs }));
      fs.renameSync(temp, `${base}.json`);
      fs.rmSync(`${base}.v8`, { force: true });
      return base;
    } catch {
      // Not writable: try the next folder.
    }
  }
  return null;
}

/**
 * Runs code as the module src/cli/main.ts, so its requires resolve from there. V8's code cache for the
 * bundle (kept beside it, made after a run so it holds every function that run compiled) spares later
 * runs most of the compiling.
 */
function compile(code, base) {
  const vm = require('node:vm');
  let cachedData;
  if (base) {
    try {
      cachedData = fs.readFileSync(`${base}.v8`);
    } catch {
      cachedData = undefined;
    }
  }
  const script = new vm.Script(Module.wrap(code), { filename: ENTRY, cachedData });
  if (base && (cachedData === undefined || script.cachedDataRejected)) {
    process.once('exit', () => {
      try {
        const temp = `${base}.${process.pid}.v8.tmp`;
        fs.writeFileSync(temp, script.createCachedData());
        fs.renameSync(temp, `${base}.v8`);
      } catch {
        // No code cache: the next run compiles again.
      }
    });
  }
  const mod = new Module(ENTRY, module);
  mod.filename = ENTRY;
  mod.paths = Module._nodeModulePaths(path.dirname(ENTRY));
  mod.loaded = true;
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(ENTRY), mod, ENTRY, path.dirname(ENTRY));
  return mod.exports;
}

function bundled() {
  const name = cacheName();
  for (const dir of cacheDirs()) {
    const base = path.join(dir, name);
    const code = cachedCode(base);
    if (code !== null) return compile(code, base);
  }
  const built = build();
  return compile(built.code, store(name, built));
}

function throughTsx() {
  require('tsx/cjs/api').register();
  return require(ENTRY);
}

function loadCli() {
  if (process.env.INDICATOR_ROLLUP_LOADER !== 'tsx') {
    try {
      return bundled();
    } catch {
      // esbuild missing or failing: tsx loads the same sources.
    }
  }
  return throughTsx();
}

const { run } = loadCli();

run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
    // Once what was said has reached stdout and stderr, leave without tearing down a heap that held a
    // whole county (tens of milliseconds).
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  },
  (error) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 3;
  },
);
