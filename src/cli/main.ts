// indicator-rollup: the command line over the engine. Reads the reports (never changing them), runs one
// consolidation and writes the result workbook and/or JSON summary. run() is what tests call in-process.
import * as path from 'node:path';
import {
  buildResultSheets,
  builtInDefinitions,
  catalogSheets,
  consolidate,
  DefinitionError,
  defaultAsOf,
  readDefinitions,
  toSummaryJson,
} from '../engine';
import type { ConsolidationResult, Definitions, Issue, Lang, SheetInput } from '../engine/types';
import { parseArgs, USAGE, type CliArgs } from './args';
import { describeOutputError, describeUnreadable, OutputError, UnreadableWorkbookError, UsageError } from './errors';
import { explainLayouts } from './explain';
import { readWorkbookFile } from './readWorkbook';
import { writeFileWhole, writeResultWorkbook } from './writeWorkbook';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** "Today", for the default --as-of; the real date when absent. */
  today?: Date;
}

export const EXIT_OK = 0;
export const EXIT_STRICT = 1;
export const EXIT_FAILED = 2;
/** A bug: something the tool should have handled. */
export const EXIT_INTERNAL = 3;

const T = {
  asOf: {
    'zh-CN': (d: string, p: string) => `统计截止日期 ${d}，序时进度 ${p}`,
    en: (d: string, p: string) => `As of ${d}, time progress ${p}`,
  },
  read: {
    'zh-CN': (files: number, sheets: number, townships: number, facilities: number) =>
      `读取 ${files} 个文件、${sheets} 个报表工作表：${townships} 个乡镇，${facilities} 个机构`,
    en: (files: number, sheets: number, townships: number, facilities: number) =>
      `Read ${files} file(s), ${sheets} report sheet(s): ${townships} township(s), ${facilities} facilities`,
  },
  issues: {
    'zh-CN': (e: number, w: number, i: number) => `校验结果：错误 ${e} 条，警告 ${w} 条，提示 ${i} 条`,
    en: (e: number, w: number, i: number) => `Validation: ${e} error(s), ${w} warning(s), ${i} info`,
  },
  completion: {
    'zh-CN': (l: number, u: number) => `完成情况：进度滞后 ${l} 项，未达标 ${u} 项`,
    en: (l: number, u: number) => `Completion: ${l} lagging, ${u} not met`,
  },
  wroteOut: { 'zh-CN': (p: string) => `结果工作簿：${p}`, en: (p: string) => `Result workbook: ${p}` },
  wroteJson: { 'zh-CN': (p: string) => `JSON 摘要：${p}`, en: (p: string) => `JSON summary: ${p}` },
  wroteCatalog: {
    'zh-CN': (p: string) => `内置指标目录已写出：${p}（可编辑后用 --definitions 使用）`,
    en: (p: string) => `Built-in catalog written: ${p} (edit it, then use it with --definitions)`,
  },
  strict: {
    'zh-CN': (e: number) => `--strict：存在 ${e} 条错误，退出码 1`,
    en: (e: number) => `--strict: ${e} error(s) found, exit code 1`,
  },
  badDefinitions: {
    'zh-CN': (n: number) => `指标定义有 ${n} 处问题，未进行汇总：`,
    en: (n: number) => `The definitions have ${n} problem(s); nothing was consolidated:`,
  },
  noDefinitionSheets: {
    'zh-CN': (p: string) => `“${p}”中没有 指标定义、校验规则 或 任务数 工作表`,
    en: (p: string) => `"${p}" has no 指标定义 / Indicators, 校验规则 / Rules or 任务数 / Targets sheet`,
  },
  overwriteInput: {
    'zh-CN': (p: string) => `输出文件“${p}”就是输入文件之一；输入文件不会被覆盖，请另选 --out`,
    en: (p: string) => `The output "${p}" is one of the inputs; inputs are never overwritten, choose another --out`,
  },
  internal: {
    'zh-CN': (m: string) => `内部错误（请把此信息报告给开发者）：${m}`,
    en: (m: string) => `Internal error (please report it): ${m}`,
  },
  defaultOut: { 'zh-CN': '-汇总结果.xlsx', en: '-rollup.xlsx' },
};

const percent = (x: number): string => `${(x * 100).toFixed(2)}%`;

/** Sheets' source: the file name, or the path as given when two inputs share a name. */
function sourceNames(inputs: string[]): string[] {
  const base = inputs.map((p) => path.basename(p));
  return inputs.map((p, i) => (base.filter((b) => b === base[i]).length > 1 ? p : base[i]));
}

async function readInputs(inputs: string[]): Promise<SheetInput[]> {
  const names = sourceNames(inputs);
  const sheets: SheetInput[] = [];
  for (const [i, file] of inputs.entries()) {
    for (const s of await readWorkbookFile(file)) sheets.push({ ...s, source: names[i] });
  }
  return sheets;
}

async function readDefinitionsFile(file: string, lang: Lang): Promise<{ definitions: Definitions; issues: Issue[] }> {
  const sheets = await readWorkbookFile(file);
  const read = readDefinitions(sheets, { source: 'definitions-file', base: builtInDefinitions(), lang });
  if (!read) throw new UsageError(T.noDefinitionSheets[lang](file));
  for (const i of read.issues) i.source = path.basename(file);
  return read;
}

/** Warnings from reading --definitions join the run's issues, after the line saying where definitions came from. */
function withDefinitionIssues(result: ConsolidationResult, extra: Issue[]): ConsolidationResult {
  if (extra.length === 0) return result;
  const issues = [...result.issues];
  const at = issues.findIndex((i) => i.code === 'definitions-source') + 1;
  issues.splice(at, 0, ...extra);
  const counts = { ...result.counts };
  for (const i of extra) {
    if (i.severity === 'error') counts.errors++;
    else if (i.severity === 'warning') counts.warnings++;
    else counts.infos++;
  }
  return { ...result, issues, counts };
}

function defaultOutPath(args: CliArgs): string {
  const first = args.inputs[0];
  const stem = path.basename(first, path.extname(first));
  return path.join(path.dirname(first), `${stem}${T.defaultOut[args.lang]}`);
}

function summaryLines(result: ConsolidationResult, args: CliArgs): string[] {
  const lang = args.lang;
  const reportSheets = result.sheets.filter((s) => s.status === 'table').length;
  return [
    T.asOf[lang](result.asOf, percent(result.timeProgress)),
    result.issues.find((i) => i.code === 'definitions-source')?.message ?? '',
    T.read[lang](args.inputs.length, reportSheets, result.counts.townships, result.counts.facilities),
    T.issues[lang](result.counts.errors, result.counts.warnings, result.counts.infos),
    T.completion[lang](result.counts.lagging, result.counts.unmet),
  ].filter((l) => l !== '');
}

export interface RunOutcome {
  code: number;
  result: ConsolidationResult | null;
  outPath: string | null;
  jsonPath: string | null;
}

/** The whole command, returning what it produced as well as its exit code (demo uses the result). */
export async function runCommand(argv: string[], io: CliIo): Promise<RunOutcome> {
  const none = (code: number): RunOutcome => ({ code, result: null, outPath: null, jsonPath: null });
  let lang: Lang = 'zh-CN';
  const fail = (line: string): RunOutcome => {
    io.stderr.write(`${line}\n`);
    return none(EXIT_FAILED);
  };
  try {
    const args = parseArgs(argv);
    lang = args.lang;
    if (args.help) {
      io.stdout.write(`${USAGE[lang]}\n`);
      return none(EXIT_OK);
    }
    // With --json -, stdout carries only the JSON; everything said to people goes to stderr.
    const say = (text: string): void => {
      (args.json === '-' ? io.stderr : io.stdout).write(`${text}\n`);
    };

    if (args.writeCatalog !== null) {
      await writeResultWorkbook(catalogSheets(lang), args.writeCatalog);
      say(T.wroteCatalog[lang](args.writeCatalog));
      if (args.inputs.length === 0) return none(EXIT_OK);
    }

    const outPath = args.out ?? (args.json === null ? defaultOutPath(args) : null);
    const inputsResolved = new Set([...args.inputs, ...(args.definitions ? [args.definitions] : [])].map((p) => path.resolve(p)));
    for (const target of [outPath, args.json === '-' ? null : args.json, args.writeCatalog]) {
      if (target !== null && inputsResolved.has(path.resolve(target))) throw new UsageError(T.overwriteInput[lang](target));
    }

    const fromFile = args.definitions ? await readDefinitionsFile(args.definitions, lang) : null;
    const sheets = await readInputs(args.inputs);
    const asOf = args.asOf ?? defaultAsOf(io.today ?? new Date());
    const result = withDefinitionIssues(
      consolidate(sheets, { asOf, lang, ...(fromFile ? { definitions: fromFile.definitions } : {}) }),
      fromFile?.issues ?? [],
    );

    if (args.explain) say(`${explainLayouts(result.sheets, lang)}\n`);

    if (outPath !== null) {
      const outDir = path.dirname(path.resolve(outPath));
      const names = sourceNames(args.inputs);
      const fileOf = new Map(names.map((n, i) => [n, path.relative(outDir, path.resolve(args.inputs[i]))]));
      const issues = result.issues;
      await writeResultWorkbook(buildResultSheets(result, lang), outPath, {
        linkFile: (sheet, row) => (sheet.kind === 'issues' ? (fileOf.get(issues[row]?.source ?? '') ?? null) : null),
      });
    }
    const summary = `${JSON.stringify(toSummaryJson(result), null, 2)}\n`;
    if (args.json === '-') io.stdout.write(summary);
    else if (args.json !== null) await writeFileWhole(args.json, summary);

    for (const line of summaryLines(result, args)) say(line);
    if (outPath !== null) say(T.wroteOut[lang](outPath));
    if (args.json !== null && args.json !== '-') say(T.wroteJson[lang](args.json));

    if (args.strict && result.counts.errors > 0) {
      say(T.strict[lang](result.counts.errors));
      return { code: EXIT_STRICT, result, outPath, jsonPath: args.json };
    }
    return { code: EXIT_OK, result, outPath, jsonPath: args.json };
  } catch (e) {
    if (e instanceof UsageError) return fail(e.message);
    if (e instanceof UnreadableWorkbookError) return fail(describeUnreadable(e, lang));
    if (e instanceof OutputError) return fail(describeOutputError(e, lang));
    if (e instanceof DefinitionError) {
      return fail([T.badDefinitions[lang](e.problems.length), ...e.problems.map((p) => `  ${p.sheet}!${p.cell}  ${p.message}`)].join('\n'));
    }
    io.stderr.write(`${T.internal[lang](e instanceof Error ? e.message : String(e))}\n`);
    if (e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
    return none(EXIT_INTERNAL);
  }
}

/** Runs the command line; resolves to the exit code. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  return (await runCommand(argv, io)).code;
}

if (require.main === module) {
  run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${String(e)}\n`);
      process.exitCode = EXIT_INTERNAL;
    },
  );
}
