// Where a run writes, checked before anything is written: every output (--out, --json, --write-catalog)
// against every input and against each other, by file identity (device and inode after resolving links),
// not by the path as typed — a symlinked folder or a case variant on Windows/macOS names the same file.
// Files are then written whole through an exclusively created temporary file renamed over the target;
// a failure or Ctrl+C leaves no temporary file behind and the old file as it was.
import { randomBytes } from 'node:crypto';
import { promises as fs, unlinkSync, type BigIntStats } from 'node:fs';
import * as path from 'node:path';
import type { Lang } from '../engine/types';
import { OutputError, UsageError } from './errors';

export type OutputOption = '--out' | '--json' | '--write-catalog' | '--export' | '--feedback';

/** One file the run will write. */
export interface PlannedOutput {
  option: OutputOption;
  /** As the user gave it (or the default), for messages. */
  path: string;
}

/** A file as the file system knows it: its real path, and its device and inode when it exists. */
export interface FileIdentity {
  real: string;
  dev: bigint | null;
  ino: bigint | null;
}

const TEXT = {
  isInput: {
    'zh-CN': (o: string, p: string, input: string) => `${o} 的文件“${p}”就是输入文件“${input}”；输入文件不会被覆盖，请另选一个文件名`,
    en: (o: string, p: string, input: string) => `${o} "${p}" is the input "${input}"; inputs are never overwritten, choose another name`,
  },
  sameOutput: {
    'zh-CN': (a: string, b: string, p: string) => `${a} 与 ${b} 指向同一个文件“${p}”；请给它们不同的文件名`,
    en: (a: string, b: string, p: string) => `${a} and ${b} name the same file "${p}"; give them different names`,
  },
} satisfies Record<string, Record<Lang, (...a: string[]) => string>>;

// ---------------------------------------------------------------------------------------------
// Identity

const errnoOf = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | null)?.code;

async function statOrNull(p: string): Promise<BigIntStats | null> {
  try {
    return await fs.stat(p, { bigint: true });
  } catch {
    return null;
  }
}

/**
 * The identity of an existing file, or of the file a path would create (its folder's real path and its
 * name). null when the folder does not exist either.
 */
export async function identify(p: string): Promise<FileIdentity | null> {
  const resolved = path.resolve(p);
  const stat = await statOrNull(resolved);
  if (stat) {
    const real = await fs.realpath(resolved).catch(() => resolved);
    // Some file systems (FAT, some network shares) report inode 0 for every file: the path decides there.
    return stat.ino === 0n ? { real, dev: null, ino: null } : { real, dev: stat.dev, ino: stat.ino };
  }
  try {
    return { real: path.join(await fs.realpath(path.dirname(resolved)), path.basename(resolved)), dev: null, ino: null };
  } catch {
    return null;
  }
}

/** "ABC" → "abc", "abc" → "ABC": the same path with every letter's case turned. */
function swapCase(p: string): string {
  let out = '';
  for (const ch of p) {
    const lower = ch.toLowerCase();
    out += ch === lower ? ch.toUpperCase() : lower;
  }
  return out;
}

const caseCache = new Map<string, boolean>();

/**
 * Whether the file system holding folder ignores case in names: probed by looking the folder up with
 * every letter's case turned; where the path has no letters, Windows and macOS are taken to ignore case.
 */
export async function caseInsensitiveAt(folder: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  const real = await fs.realpath(folder).catch(() => path.resolve(folder));
  const known = caseCache.get(real);
  if (known !== undefined) return known;
  let answer = platform === 'win32' || platform === 'darwin';
  const swapped = swapCase(real);
  if (swapped !== real) {
    const [a, b] = await Promise.all([statOrNull(real), statOrNull(swapped)]);
    if (a) answer = b !== null && a.dev === b.dev && a.ino === b.ino;
  }
  caseCache.set(real, answer);
  return answer;
}

const pathKey = (real: string, caseInsensitive: boolean): string => {
  const p = path.normalize(real);
  // Case-insensitive systems (NTFS, APFS) also treat the composed and decomposed forms of a name as one.
  return caseInsensitive ? p.normalize('NFC').toLowerCase() : p;
};

/**
 * Whether two identities are one file: by device and inode when both exist, else by real path (compared
 * ignoring case where the file system does).
 */
export function sameFile(a: FileIdentity, b: FileIdentity, caseInsensitive: boolean): boolean {
  if (a.dev !== null && b.dev !== null && a.ino !== null && b.ino !== null) return a.dev === b.dev && a.ino === b.ino;
  return pathKey(a.real, caseInsensitive) === pathKey(b.real, caseInsensitive);
}

// ---------------------------------------------------------------------------------------------
// Checking the plan

/** What is found at an output's path before writing. @throws OutputError for a place that cannot take the file. */
async function checkPlace(output: PlannedOutput): Promise<void> {
  const target = path.resolve(output.path);
  let link;
  try {
    link = await fs.lstat(target);
  } catch (e) {
    const code = errnoOf(e);
    if (code === 'ENOENT') {
      // Nothing there yet: its folder must exist and be a folder.
      const folder = await fs.stat(path.dirname(target)).catch((err: unknown) => errnoOf(err) ?? 'ENOENT');
      if (typeof folder === 'string') throw new OutputError(output.path, folder === 'ENOTDIR' ? 'ENOTDIR' : 'ENOENT');
      if (!folder.isDirectory()) throw new OutputError(output.path, 'ENOTDIR');
      return;
    }
    throw new OutputError(output.path, code ?? String(e));
  }
  // A link planted where the result goes could point anywhere: nothing is written through it.
  if (link.isSymbolicLink()) throw new OutputError(output.path, 'SYMLINK');
  if (link.isDirectory()) throw new OutputError(output.path, 'EISDIR');
}

/**
 * Checks every output before anything is written: each can be written where it goes, none is an input,
 * no two are the same file.
 * @throws UsageError for an output that is an input or another output; OutputError for a place that
 *   cannot take the file (missing folder, a folder, a symlink).
 */
export async function checkOutputs(outputs: PlannedOutput[], inputs: string[], lang: Lang, options: { caseInsensitive?: boolean } = {}): Promise<void> {
  const inputIds = await Promise.all(inputs.map(async (p) => ({ path: p, id: await identify(p) })));
  const seen: { output: PlannedOutput; id: FileIdentity }[] = [];
  for (const output of outputs) {
    await checkPlace(output);
    const id = await identify(output.path);
    if (!id) throw new OutputError(output.path, 'ENOENT');
    const folded = options.caseInsensitive ?? (await caseInsensitiveAt(path.dirname(id.real)));
    const input = inputIds.find((i) => i.id !== null && sameFile(id, i.id, folded));
    if (input) throw new UsageError(TEXT.isInput[lang](output.option, output.path, input.path));
    const twin = seen.find((s) => sameFile(id, s.id, folded));
    if (twin) throw new UsageError(TEXT.sameOutput[lang](twin.output.option, output.option, output.path));
    seen.push({ output, id });
  }
}

// ---------------------------------------------------------------------------------------------
// Writing whole

/** Temporary files being written; removed if the process is interrupted. */
const pending = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function removePending(): void {
  for (const file of pending) {
    try {
      unlinkSync(file);
    } catch {
      // Already gone.
    }
  }
  pending.clear();
}

/** On a signal: remove the temporary files, then let the signal end the process as it would have. */
function onSignal(signal: NodeJS.Signals): void {
  removePending();
  unwatchSignals();
  process.kill(process.pid, signal);
}

let watching = false;
function watchSignals(): void {
  if (watching) return;
  watching = true;
  for (const s of SIGNALS) process.on(s, onSignal);
}
function unwatchSignals(): void {
  if (!watching) return;
  watching = false;
  for (const s of SIGNALS) process.off(s, onSignal);
}

/** The temporary files a write has under way (tests look). */
export function pendingTemporaryFiles(): string[] {
  return [...pending];
}

/** How the bytes go into the open temporary file; tests inject a failing or stalling one. */
export type WriteBytes = (handle: fs.FileHandle, data: FileData) => Promise<void>;

/** A file's contents: bytes, text, or text in pieces (written one after another as they are made). */
export type FileData = Buffer | string | Iterable<string>;

const writeAndSync: WriteBytes = async (handle, data) => {
  if (typeof data === 'string' || Buffer.isBuffer(data)) await handle.writeFile(data);
  else for (const piece of data) await handle.write(piece, null, 'utf8');
  await handle.sync();
};

/** What tests replace: how the bytes are written, and the temporary name's random part. */
export interface WriteWholeHooks {
  writeBytes?: WriteBytes;
  randomName?: () => string;
}

/**
 * Writes data to filePath whole: into a temporary file created exclusively (never an existing file, never
 * through a link) with an unguessable name in the same folder, then renamed over the target. On any
 * failure the temporary file is removed and the target is as it was.
 * @throws OutputError when the file cannot be written; the code says why.
 */
export async function writeFileWhole(filePath: string, data: FileData, hooks: WriteWholeHooks = {}): Promise<void> {
  const writeBytes = hooks.writeBytes ?? writeAndSync;
  const random = hooks.randomName ?? ((): string => randomBytes(8).toString('hex'));
  const target = path.resolve(filePath);
  const existing = await fs.lstat(target).catch(() => null);
  if (existing?.isSymbolicLink()) throw new OutputError(filePath, 'SYMLINK');
  if (existing?.isDirectory()) throw new OutputError(filePath, 'EISDIR');
  const temp = path.join(path.dirname(target), `.~${path.basename(target)}.${random()}.tmp`);
  let handle: fs.FileHandle | null = null;
  try {
    handle = await fs.open(temp, 'wx', 0o666);
    pending.add(temp);
    watchSignals();
    await writeBytes(handle, data);
    await handle.close();
    handle = null;
    await fs.rename(temp, target);
    pending.delete(temp);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    if (pending.delete(temp)) await fs.rm(temp, { force: true }).catch(() => undefined);
    throw e instanceof OutputError ? e : new OutputError(filePath, errnoOf(e) ?? String(e));
  } finally {
    if (pending.size === 0) unwatchSignals();
  }
}
