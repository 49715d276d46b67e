// indicator-rollup: the command line over the engine. Reads the reports (never changing them), runs one
// consolidation and writes the result workbook and/or JSON summary. run() is what tests call in-process.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  buildResultSheets,
  builtInDefinitions,
  catalogSheets,
  consolidate,
  DefinitionError,
  defaultAsOf,
  LEVEL_TEXT,
  MixedLevelsError,
  finishReview,
  issuesInSheetOrder,
  readDefinitions,
  readinessText,
  readNotes,
  readPreviousPeriod,
  readRoster,
  toSummaryJson,
} from '../engine';
import { issue } from '../engine/messages';
import type { CarriedNote, ConsolidationResult, Definitions, Issue, Lang, PeriodArchive, Roster, SheetInput } from '../engine/types';
import { parseArgs, USAGE, type CliArgs } from './args';
import {
  describeOutputError,
  describeUnreadable,
  OutputError,
  UnreadableWorkbookError,
  unreadableReasonText,
  UsageError,
} from './errors';
import { explainLayouts } from './explain';
import { jsonTextPieces } from './jsonText';
import { checkOutputs, writeFileWhole, type PlannedOutput } from './outputs';
import { exportFiles, exportFormatOf, feedbackFiles, type FeedbackPlan } from './upward';
import { readWorkbookFile } from './readWorkbook';
import { writeResultWorkbook, type FitReport } from './writeWorkbook';

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
  wroteFeedback: {
    'zh-CN': (folder: string, names: string[]) =>
      names.length === 0 ? `乡镇反馈：没有需要改正的乡镇，${folder} 中未写文件` : `乡镇反馈（${names.length} 个乡镇，写到 ${folder}）：${names.join('、')}`,
    en: (folder: string, names: string[]) =>
      names.length === 0 ? `Township feedback: nothing to correct, no file written in ${folder}` : `Township feedback (${names.length} township(s), in ${folder}): ${names.join(', ')}`,
  },
  noFeedback: {
    'zh-CN': (names: string[]) => `无需反馈（没有错误或警告）：${names.join('、')}`,
    en: (names: string[]) => `No feedback needed (no errors or warnings): ${names.join(', ')}`,
  },
  wroteExport: {
    'zh-CN': (p: string, n: number, left: number) => `DHIS2 导出：${p}（${n} 个数据值${left > 0 ? `；${left} 个有错误的单元格未导出` : ''}）`,
    en: (p: string, n: number, left: number) => `DHIS2 export: ${p} (${n} data values${left > 0 ? `; ${left} cell(s) with errors left out` : ''})`,
  },
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
  incomplete: {
    'zh-CN': (n: number, files: string) => `结果不完整：${n} 个文件无法读取，未计入汇总（${files}）`,
    en: (n: number, files: string) => `Results are INCOMPLETE: ${n} file(s) could not be read and are not in the roll-up (${files})`,
  },
  stopUnreadable: {
    'zh-CN': (n: number) => `${n} 个文件无法读取，未进行汇总。处理好这些文件后再运行，或加 --skip-unreadable 汇总其余报表。`,
    en: (n: number) => `${n} file(s) cannot be read; nothing was consolidated. Fix them and run again, or add --skip-unreadable to roll up the rest.`,
  },
  nothingReadable: {
    'zh-CN': () => '没有一个报表可以读取，未进行汇总',
    en: () => 'No report could be read; nothing was consolidated',
  },
  cutCells: {
    'zh-CN': (n: number, first: string) => `警告：${n} 个单元格的文字超过 Excel 的 32,767 字符上限，已截断（首个：${first}）`,
    en: (n: number, first: string) => `Warning: ${n} cell text(s) exceeded Excel's 32,767-character limit and were cut (first: ${first})`,
  },
  linksLeftOut: {
    'zh-CN': (sheet: string, n: number) => `警告：“${sheet}”超过 Excel 每表 65,530 个链接的上限，后 ${n} 行没有链接（表末有说明）`,
    en: (sheet: string, n: number) => `Warning: "${sheet}" exceeds Excel's 65,530 links per sheet; the last ${n} row(s) have no link (noted on the sheet)`,
  },
  readUnits: {
    'zh-CN': (files: number, n: number, level: string) => `读取 ${files} 个结果工作簿：${n} 个${level}，各按一个单位汇总（只读其合计行）`,
    en: (files: number, n: number, level: string) => `Read ${files} result workbook(s): ${n} ${level.toLowerCase()} unit(s), each rolled up from its total row`,
  },
  unitErrors: {
    'zh-CN': (list: string) => `各单位的校验结果仍有（未在此重复列出）：${list}`,
    en: (list: string) => `Left in each unit's own validation (not repeated here): ${list}`,
  },
  unitErrorsOne: {
    'zh-CN': (name: string, e: number, w: number) => `${name} 错误 ${e} 条、警告 ${w} 条`,
    en: (name: string, e: number, w: number) => `${name} ${e} error(s), ${w} warning(s)`,
  },
  reporting: {
    'zh-CN': (expected: number | null, reported: number, missing: string[]) =>
      expected === null
        ? `上报情况：${reported} 个机构有数据（未给机构名录或上期结果，无法计算上报率）`
        : `上报情况：应报 ${expected} 个机构，已报 ${reported} 个，上报率 ${expected === 0 ? '—' : percent(reported / expected)}${missing.length > 0 ? `；未报：${missing.join('、')}` : ''}`,
    en: (expected: number | null, reported: number, missing: string[]) =>
      expected === null
        ? `Reporting: ${reported} facilities with figures (no roster or last period given: no reporting rate)`
        : `Reporting: ${reported} of ${expected} facilities, reporting rate ${expected === 0 ? '—' : percent(reported / expected)}${missing.length > 0 ? `; not reported: ${missing.join(', ')}` : ''}`,
  },
  previous: {
    'zh-CN': (asOf: string | null, fell: number, changed: number, gone: number) =>
      `与上期${asOf ? `（${asOf}）` : ''}比较：累计数减少 ${fell} 处，变化超过阈值 ${changed} 处，上期有数据本期没有的机构 ${gone} 个`,
    en: (asOf: string | null, fell: number, changed: number, gone: number) =>
      `On last period${asOf ? ` (${asOf})` : ''}: ${fell} year-to-date count(s) went down, ${changed} change(s) beyond the threshold, ${gone} facilit(ies) reported then and not now`,
  },
  notes: {
    'zh-CN': (carried: number, read: number) => `情况说明：带入 ${carried} 条（之前的结果中共 ${read} 条）`,
    en: (carried: number, read: number) => `Notes: ${carried} carried over (of ${read} in the earlier result)`,
  },
  noRoster: {
    'zh-CN': (p: string) => `“${p}”中没有 机构名录 工作表`,
    en: (p: string) => `"${p}" has no 机构名录 / Roster sheet`,
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

/** A workbook read, or why not (readWorkbookFile words system errors by what happened, never as damage). */
async function readOne(file: string): Promise<SheetInput[] | UnreadableWorkbookError> {
  try {
    return await readWorkbookFile(file);
  } catch (e) {
    if (e instanceof UnreadableWorkbookError) return e;
    throw e;
  }
}

interface InputsRead {
  sheets: SheetInput[];
  /** Every report that could not be read, in the order given (all of them, not just the first). */
  unreadable: { file: string; source: string; error: UnreadableWorkbookError }[];
}

async function readInputs(inputs: string[]): Promise<InputsRead> {
  const names = sourceNames(inputs);
  const read: InputsRead = { sheets: [], unreadable: [] };
  for (const [i, file] of inputs.entries()) {
    const got = await readOne(file);
    if (got instanceof UnreadableWorkbookError) read.unreadable.push({ file, source: names[i], error: got });
    else for (const s of got) read.sheets.push({ ...s, source: names[i] });
  }
  return read;
}

async function readDefinitionsFile(file: string, lang: Lang): Promise<{ definitions: Definitions; issues: Issue[]; roster: Roster | null }> {
  const sheets = await readOne(file);
  if (sheets instanceof UnreadableWorkbookError) throw sheets;
  const read = readDefinitions(sheets, { source: 'definitions-file', base: builtInDefinitions(), lang, file: path.basename(file) });
  if (!read) throw new UsageError(T.noDefinitionSheets[lang](file));
  for (const i of read.issues) i.source = path.basename(file);
  // A 机构名录 kept with the definitions serves every month.
  return { ...read, roster: readRoster(sheets) };
}

/** Sheets of a workbook the run only consults (--previous, --roster, --notes): unreadable is a failure. */
async function readConsulted(file: string): Promise<SheetInput[]> {
  const sheets = await readOne(file);
  if (sheets instanceof UnreadableWorkbookError) throw sheets;
  return sheets;
}

interface MonthlyInputs {
  previous: PeriodArchive | null;
  roster: Roster | null;
  notes: CarriedNote[];
}

/**
 * Last period (a result workbook's 机构明细, or its township files read with this run's definitions),
 * the roster and the earlier notes. Definitions are those the run will use, so last period's columns
 * are matched to the same indicators.
 */
async function readMonthlyInputs(args: CliArgs, sheets: SheetInput[], fromFile: Awaited<ReturnType<typeof readDefinitionsFile>> | null, asOf: string): Promise<MonthlyInputs> {
  const lang = args.lang;
  let previous: PeriodArchive | null = null;
  if (args.previous.length > 0) {
    const names = sourceNames(args.previous);
    const all: SheetInput[] = [];
    for (const [i, file] of args.previous.entries()) for (const s of await readConsulted(file)) all.push({ ...s, source: names[i] });
    const definitions = fromFile?.definitions ?? readDefinitions(sheets, { source: 'workbook', base: builtInDefinitions(), lang })?.definitions ?? builtInDefinitions();
    previous = readPreviousPeriod(all, definitions, asOf, lang);
  }
  let roster: Roster | null = fromFile?.roster ?? null;
  if (args.roster !== null) {
    roster = readRoster(await readConsulted(args.roster));
    if (!roster) throw new UsageError(T.noRoster[lang](args.roster));
  }
  const notes = args.notes === null ? [] : readNotes(await readConsulted(args.notes));
  return { previous, roster, notes };
}

/** Issues found outside the consolidation join the run's issues at index at, counted by severity. */
function withIssues(result: ConsolidationResult, extra: Issue[], at: number): ConsolidationResult {
  if (extra.length === 0) return result;
  // slice and concat, not splice(at, 0, ...extra): a spread of a very long list exceeds the argument limit.
  const issues = result.issues.slice(0, at).concat(extra, result.issues.slice(at));
  const counts = { ...result.counts };
  for (const i of extra) {
    if (i.severity === 'error') counts.errors++;
    else if (i.severity === 'warning') counts.warnings++;
    else counts.infos++;
  }
  return { ...result, issues, counts };
}

/** Warnings from reading --definitions join the run's issues, after the line saying where definitions came from. */
function withDefinitionIssues(result: ConsolidationResult, extra: Issue[]): ConsolidationResult {
  return withIssues(result, extra, result.issues.findIndex((i) => i.code === 'definitions-source') + 1);
}

/** With --skip-unreadable: an error issue per report that could not be read, first in 校验结果. */
function withUnreadableIssues(result: ConsolidationResult, unreadable: InputsRead['unreadable'], lang: Lang): ConsolidationResult {
  const extra = unreadable.map((u) => {
    const params = { file: u.source, reason: unreadableReasonText(u.error, 'zh-CN'), reasonEn: unreadableReasonText(u.error, 'en') };
    return { ...issue('error', 'unreadable-file', lang, { sheet: u.source, cell: null, params }), source: u.source };
  });
  return withIssues(result, extra, result.issues.findIndex((i) => i.code === 'definitions-source') + 1);
}

function defaultOutPath(args: CliArgs): string {
  const first = args.inputs[0];
  const stem = path.basename(first, path.extname(first));
  return path.join(path.dirname(first), `${stem}${T.defaultOut[args.lang]}`);
}

function summaryLines(result: ConsolidationResult, args: CliArgs, unreadable: InputsRead['unreadable'], monthly: MonthlyInputs): string[] {
  const lang = args.lang;
  const reportSheets = result.sheets.filter((s) => s.status === 'table').length;
  const county = result.reporting?.find((r) => r.level === 'county');
  const count = (code: Issue['code']): number => result.issues.filter((i) => i.code === code).length;
  const readiness = result.readiness ? readinessText(result.readiness, lang) : null;
  const units = result.units ?? [];
  const sep = lang === 'en' ? '; ' : '；';
  return [
    T.asOf[lang](result.asOf, percent(result.timeProgress)),
    result.issues.find((i) => i.code === 'definitions-source')?.message ?? '',
    result.units
      ? T.readUnits[lang](args.inputs.length - unreadable.length, units.length, LEVEL_TEXT[result.unitLevel ?? 'county'].unit[lang])
      : T.read[lang](args.inputs.length - unreadable.length, reportSheets, result.counts.townships, result.counts.facilities),
    units.length > 0 ? T.unitErrors[lang](units.map((u) => T.unitErrorsOne[lang](u.name, u.errors, u.warnings)).join(sep)) : '',
    T.issues[lang](result.counts.errors, result.counts.warnings, result.counts.infos),
    T.completion[lang](result.counts.lagging, result.counts.unmet),
    county ? T.reporting[lang](county.expected, county.reported, county.missing) : '',
    monthly.previous ? T.previous[lang](monthly.previous.asOf, count('decreased-since-last'), count('changed-since-last'), count('not-reported-now')) : '',
    args.notes !== null ? T.notes[lang](result.issues.filter((i) => i.note).length, monthly.notes.length) : '',
    readiness ? `${readiness.label}${lang === 'en' ? ': ' : '：'}${readiness.detail}` : '',
    unreadable.length > 0 ? T.incomplete[lang](unreadable.length, unreadable.map((u) => u.file).join(lang === 'en' ? ', ' : '、')) : '',
  ].filter((l) => l !== '');
}

/** Every file the run will write, as one table: each is checked against the inputs before any is written. */
function plannedOutputs(args: CliArgs): PlannedOutput[] {
  const outPath = args.inputs.length === 0 ? args.out : (args.out ?? (args.json === null ? defaultOutPath(args) : null));
  const plan: PlannedOutput[] = [];
  if (args.writeCatalog !== null) plan.push({ option: '--write-catalog', path: args.writeCatalog });
  if (outPath !== null) plan.push({ option: '--out', path: outPath });
  if (args.json !== null && args.json !== '-') plan.push({ option: '--json', path: args.json });
  for (const file of args.exports) {
    exportFormatOf(file, args.lang);
    plan.push({ option: '--export', path: file });
  }
  return plan;
}

const outputPath = (plan: PlannedOutput[], option: PlannedOutput['option']): string | null => plan.find((o) => o.option === option)?.path ?? null;

function fitWarnings(report: FitReport, lang: Lang): string[] {
  const lines: string[] = [];
  if (report.cutCells.length > 0) lines.push(T.cutCells[lang](report.cutCells.length, report.cutCells[0]));
  for (const [sheet, n] of report.linksLeftOut) lines.push(T.linksLeftOut[lang](sheet, n));
  return lines;
}

/** The feedback folder (made if missing) and the files each township with something to correct gets. */
async function planFeedback(result: ConsolidationResult, folder: string, lang: Lang): Promise<FeedbackPlan> {
  try {
    await fs.mkdir(folder, { recursive: true });
  } catch (e) {
    throw new OutputError(folder, (e as NodeJS.ErrnoException).code ?? String(e));
  }
  return feedbackFiles(result, folder, lang);
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

    // Stage 1: where the run writes, checked against what it reads before anything is written.
    const plan = plannedOutputs(args);
    const inputPaths = [...args.inputs, ...(args.definitions ? [args.definitions] : []), ...args.previous, ...(args.roster ? [args.roster] : []), ...(args.notes ? [args.notes] : [])];
    await checkOutputs(plan, inputPaths, lang);
    const warn = (line: string): void => {
      io.stderr.write(`${line}\n`);
    };

    const catalogPath = outputPath(plan, '--write-catalog');
    if (catalogPath !== null) {
      await writeResultWorkbook(catalogSheets(lang), catalogPath, { lang });
      say(T.wroteCatalog[lang](catalogPath));
      if (args.inputs.length === 0) return none(EXIT_OK);
    }

    // Stage 2: read definitions, then every report (naming every one that cannot be read).
    const fromFile = args.definitions ? await readDefinitionsFile(args.definitions, lang) : null;
    const { sheets, unreadable } = await readInputs(args.inputs);
    if (unreadable.length > 0) {
      for (const u of unreadable) warn(describeUnreadable(u.error, lang));
      const noneRead = unreadable.length === args.inputs.length;
      // The hint to skip is given only when there is something left to roll up.
      if (!args.skipUnreadable) return noneRead ? none(EXIT_FAILED) : fail(T.stopUnreadable[lang](unreadable.length));
      if (noneRead) return fail(T.nothingReadable[lang]());
    }

    // Stage 3: last period, the roster and earlier notes (read with the definitions this run uses).
    const asOf = args.asOf ?? defaultAsOf(io.today ?? new Date());
    const monthly = await readMonthlyInputs(args, sheets, fromFile, asOf);

    // Stage 4: consolidate; notes go on last, once every issue (also those found here) is known.
    const consolidated = withDefinitionIssues(
      consolidate(sheets, {
        asOf,
        lang,
        runDate: localDate(io.today ?? new Date()),
        ...(args.unitName !== null ? { unitName: args.unitName } : {}),
        ...(fromFile ? { definitions: fromFile.definitions } : {}),
        ...(monthly.previous ? { previous: monthly.previous } : {}),
        ...(monthly.roster ? { roster: monthly.roster } : {}),
      }),
      fromFile?.issues ?? [],
    );
    const result = finishReview(withUnreadableIssues(consolidated, unreadable, lang), monthly.notes);

    if (args.explain) say(`${explainLayouts(result.sheets, lang)}\n`);

    // Stage 5: the files that depend on the results (feedback per township, exports), checked with the
    // rest before anything is written.
    const feedback = args.feedback === null ? null : await planFeedback(result, args.feedback, lang);
    const exported = args.exports.length > 0 ? exportFiles(result, args.exports, lang) : null;
    if (feedback) await checkOutputs([...plan, ...feedback.files.map((f) => ({ option: '--feedback' as const, path: f.path }))], inputPaths, lang);

    // Stage 6: write the results.
    const outPath = outputPath(plan, '--out');
    if (outPath !== null) {
      const outDir = path.dirname(path.resolve(outPath));
      const names = sourceNames(args.inputs);
      const fileOf = new Map(names.map((n, i) => [n, path.relative(outDir, path.resolve(args.inputs[i]))]));
      for (const u of unreadable) fileOf.delete(u.source);
      const issues = issuesInSheetOrder(result.issues);
      const fit = await writeResultWorkbook(buildResultSheets(result, lang), outPath, {
        lang,
        // 校验结果's first row is the readiness line; each row after it is one issue.
        linkFile: (sheet, row) => (sheet.kind === 'issues' ? (fileOf.get(issues[row - 1]?.source ?? '') ?? null) : null),
      });
      for (const line of fitWarnings(fit, lang)) warn(line);
    }
    // The JSON summary, only when asked for, written in pieces as it is made: never held whole.
    const jsonPath = outputPath(plan, '--json');
    if (args.json === '-') for (const piece of summaryText(result, unreadable)) io.stdout.write(piece);
    else if (jsonPath !== null) await writeFileWhole(jsonPath, summaryText(result, unreadable));

    for (const f of [...(feedback?.files ?? []), ...(exported?.files ?? [])]) await writeFileWhole(f.path, f.data);

    for (const line of summaryLines(result, args, unreadable, monthly)) say(line);
    if (outPath !== null) say(T.wroteOut[lang](outPath));
    if (jsonPath !== null) say(T.wroteJson[lang](jsonPath));
    if (feedback && args.feedback !== null) {
      say(T.wroteFeedback[lang](args.feedback, feedback.townships));
      const clean = result.rollup.filter((r) => r.level === 'township' && !feedback.townships.includes(r.name)).map((r) => r.name);
      if (clean.length > 0) say(T.noFeedback[lang](clean));
    }
    for (const f of exported?.files ?? []) say(T.wroteExport[lang](f.path, exported!.values, exported!.leftOut));

    if (args.strict && result.counts.errors > 0) {
      say(T.strict[lang](result.counts.errors));
      return { code: EXIT_STRICT, result, outPath, jsonPath: args.json };
    }
    return { code: EXIT_OK, result, outPath, jsonPath: args.json };
  } catch (e) {
    if (e instanceof UsageError) return fail(e.message);
    if (e instanceof UnreadableWorkbookError) return fail(describeUnreadable(e, lang));
    if (e instanceof MixedLevelsError) return fail(e.userMessage(lang));
    if (e instanceof OutputError) return fail(describeOutputError(e, lang));
    if (e instanceof DefinitionError) {
      return fail([T.badDefinitions[lang](e.problems.length), ...e.problems.map((p) => `  ${p.sheet}!${p.cell}  ${p.message}`)].join('\n'));
    }
    io.stderr.write(`${T.internal[lang](e instanceof Error ? e.message : String(e))}\n`);
    if (e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
    return none(EXIT_INTERNAL);
  }
}

/**
 * The JSON summary as written to --json, in pieces: the result's, marked incomplete when some reports
 * could not be read.
 */
function* summaryText(result: ConsolidationResult, unreadable: InputsRead['unreadable']): Generator<string> {
  const summaryJson = unreadable.length > 0 ? { ...toSummaryJson(result), incomplete: true, unreadableFiles: unreadable.map((u) => u.file) } : toSummaryJson(result);
  yield* jsonTextPieces(summaryJson);
  yield '\n';
}

/** YYYY-MM-DD of a date in local time: the date the statistician made the results. */
function localDate(d: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
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
