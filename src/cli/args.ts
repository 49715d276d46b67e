// The command line as written → what to do. Accepts "--out file" and "--out=file"; anything it does not
// understand is a UsageError in the user's language.
import { readAsOfText } from '../engine';
import type { Lang } from '../engine/types';
import { UsageError } from './errors';

export interface CliArgs {
  inputs: string[];
  definitions: string | null;
  /** YYYY-MM-DD, validated; null: the default (end of last month). */
  asOf: string | null;
  out: string | null;
  /** A file path, '-' for stdout, or null. */
  json: string | null;
  strict: boolean;
  lang: Lang;
  explain: boolean;
  writeCatalog: string | null;
  /** A folder for each township's feedback (<乡镇>.xlsx and <乡镇>.txt). */
  feedback: string | null;
  /** DHIS2 export files (.json or .csv); the option may be given several times. */
  exports: string[];
  /** Roll up the readable reports when some cannot be read, each unreadable one an error issue. */
  skipUnreadable: boolean;
  /** Last period: its result workbook, or its township files (the option may be given several times). */
  previous: string[];
  /** A workbook with a 机构名录 sheet. */
  roster: string | null;
  /** An earlier result workbook whose 情况说明 are carried over. */
  notes: string | null;
  /** The name of the unit rolled up (青山县): titles the result sheets, names the total row. */
  unitName: string | null;
  help: boolean;
}

const VALUE_OPTIONS = ['--definitions', '--as-of', '--out', '--json', '--lang', '--write-catalog', '--feedback', '--export', '--previous', '--roster', '--notes', '--unit-name'] as const;
/** Options that may be given more than once. */
const REPEATABLE: readonly string[] = ['--export', '--previous'];
type ValueOption = (typeof VALUE_OPTIONS)[number];
const FLAGS = ['--strict', '--explain', '--skip-unreadable', '--help', '-h'] as const;

const TEXT = {
  unknown: { 'zh-CN': (o: string) => `未知选项 ${o}（用 --help 查看用法）`, en: (o: string) => `Unknown option ${o} (see --help)` },
  missingValue: { 'zh-CN': (o: string) => `选项 ${o} 后面需要一个值`, en: (o: string) => `Option ${o} needs a value` },
  badLang: { 'zh-CN': (v: string) => `--lang 只能是 zh-CN 或 en，而不是“${v}”`, en: (v: string) => `--lang must be zh-CN or en, not "${v}"` },
  badDate: {
    'zh-CN': (v: string) => `--as-of 需要一个真实的日期，如 2024-11-30、2024年11月30日、20241130 或 2024-11（即月末），而不是“${v}”`,
    en: (v: string) => `--as-of needs a real date, e.g. 2024-11-30, 2024/11/30, 20241130 or 2024-11 (the month's end), not "${v}"`,
  },
  twice: { 'zh-CN': (o: string) => `选项 ${o} 只能给一次`, en: (o: string) => `Option ${o} may be given only once` },
  noInput: {
    'zh-CN': () => '请给出至少一个 .xlsx 报表文件（用 --help 查看用法）',
    en: () => 'Give at least one .xlsx report file (see --help)',
  },
} satisfies Record<string, Record<Lang, (v: string) => string>>;

/** The language asked for, looked up before anything else so every error speaks it. */
function langOf(argv: string[]): Lang {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = a === '--lang' ? argv[i + 1] : a.startsWith('--lang=') ? a.slice('--lang='.length) : undefined;
    if (v !== undefined && normaliseLang(v)) return normaliseLang(v)!;
  }
  return 'zh-CN';
}

function normaliseLang(v: string): Lang | null {
  const k = v.trim().toLowerCase();
  if (k === 'zh-cn' || k === 'zh' || k === 'cn' || k === 'zh_cn') return 'zh-CN';
  if (k === 'en' || k.startsWith('en-') || k.startsWith('en_')) return 'en';
  return null;
}

/**
 * Parses argv (without node and the script).
 * @throws UsageError for an unknown option, a missing value, a bad --lang or --as-of, or no input.
 */
export function parseArgs(argv: string[]): CliArgs {
  const lang = langOf(argv);
  const args: CliArgs = {
    inputs: [],
    definitions: null,
    asOf: null,
    out: null,
    json: null,
    strict: false,
    lang,
    explain: false,
    writeCatalog: null,
    feedback: null,
    exports: [],
    skipUnreadable: false,
    previous: [],
    roster: null,
    notes: null,
    unitName: null,
    help: false,
  };
  const seen = new Set<string>();
  let optionsDone = false;

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (optionsDone || a === '-' || !a.startsWith('-')) {
      args.inputs.push(a);
      continue;
    }
    if (a === '--') {
      optionsDone = true;
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if ((FLAGS as readonly string[]).includes(name)) {
      if (eq > 0) throw new UsageError(TEXT.unknown[lang](a));
      if (name === '--strict') args.strict = true;
      else if (name === '--explain') args.explain = true;
      else if (name === '--skip-unreadable') args.skipUnreadable = true;
      else args.help = true;
      continue;
    }
    if (!(VALUE_OPTIONS as readonly string[]).includes(name)) throw new UsageError(TEXT.unknown[lang](a));
    let value: string | undefined;
    if (eq > 0) value = a.slice(eq + 1);
    else {
      value = argv[i + 1];
      // "--json -" is stdout; any other value starting with "--" is the next option, not a value.
      if (value !== undefined && value.startsWith('--')) value = undefined;
      else i++;
    }
    if (value === undefined || value === '') throw new UsageError(TEXT.missingValue[lang](name));
    if (seen.has(name) && !REPEATABLE.includes(name)) throw new UsageError(TEXT.twice[lang](name));
    seen.add(name);
    setValue(args, name as ValueOption, value, lang);
  }
  if (!args.help && args.inputs.length === 0 && args.writeCatalog === null) throw new UsageError(TEXT.noInput[lang]());
  return args;
}

function setValue(args: CliArgs, name: ValueOption, value: string, lang: Lang): void {
  switch (name) {
    case '--definitions':
      args.definitions = value;
      return;
    case '--as-of':
      {
        // The forms the pane accepts: 2024-11-30, 2024年11月30日, 20241130, 2024-11 (the month's end).
        const date = readAsOfText(value);
        if (date === null) throw new UsageError(TEXT.badDate[lang](value));
        args.asOf = date;
      }
      return;
    case '--out':
      args.out = value;
      return;
    case '--json':
      args.json = value;
      return;
    case '--lang': {
      const l = normaliseLang(value);
      if (!l) throw new UsageError(TEXT.badLang[lang](value));
      args.lang = l;
      return;
    }
    case '--write-catalog':
      args.writeCatalog = value;
      return;
    case '--feedback':
      args.feedback = value;
      return;
    case '--export':
      args.exports.push(value);
      return;
    case '--previous':
      args.previous.push(value);
      return;
    case '--roster':
      args.roster = value;
      return;
    case '--notes':
      args.notes = value;
      return;
    case '--unit-name':
      if (value.trim() === '') throw new UsageError(TEXT.missingValue[lang](name));
      args.unitName = value.trim();
      return;
  }
}

export const USAGE: Record<Lang, string> = {
  'zh-CN': `用法：indicator-rollup <报表.xlsx>... [选项]

读取各乡镇报表，校验每个单元格，输出县级汇总、完成情况和校验结果。输入文件只读，不会被修改。

选项：
  --definitions <定义.xlsx>   从该工作簿的 指标定义 / 校验规则 / 任务数 工作表读取指标定义
                              （缺省：报表工作簿中的这些工作表，再缺省：内置指标目录）
  --as-of <日期>               统计截止日期，决定序时进度：2024-11-30、2024年11月30日、20241130，
                              或 2024-11 / 2024年11月（即月末）（缺省：上个月最后一天）
  --out <结果.xlsx>           结果工作簿（县级汇总、完成情况、校验结果）
                              （缺省：未给 --json 时写到第一个报表旁边的“<文件名>-汇总结果.xlsx”）
  --json <摘要.json | ->      JSON 摘要写入文件，“-”表示输出到标准输出
  --strict                    有错误级别的问题时退出码为 1
  --lang <zh-CN | en>         输出语言（缺省 zh-CN）
  --explain                   打印每个工作表识别出的表头、机构列、数据行和对应的指标
  --write-catalog <目录.xlsx> 把内置指标目录写成可编辑的 指标定义 / 校验规则 / 任务数 工作簿
  --feedback <文件夹>         给每个有错误或警告的乡镇写一份反馈：<乡镇>.xlsx（问题清单、落后指标）和
                              <乡镇>.txt（可直接粘贴到微信群或邮件的说明）；文件夹不存在时新建
  --export <文件.json|.csv>   按 DHIS2 格式导出各机构的数量指标（.json 为 dataValueSets，.csv 为 DHIS2 CSV），
                              可给多次
  --skip-unreadable           有报表无法读取时，仍汇总其余报表；每个无法读取的文件记一条错误，结果注明不完整
  --previous <上期.xlsx>      上期结果工作簿（读其“机构明细”）或上期各乡镇报表（可给多次）：核对累计数是否减少、
                              较上期变化是否超过环比阈值、上期有本期无的机构
  --roster <名录.xlsx>        含“机构名录”工作表（乡镇、机构名称、机构代码、别名）的工作簿：统计上报率、未报和名录外机构
                              （缺省：定义文件或报表工作簿中的机构名录，再缺省：上期的机构）
  --notes <结果.xlsx>         之前的结果工作簿：把其“校验结果”中填写的情况说明带到本次相同的问题上
  --unit-name <名称>          汇总单位的名称（如 青山县）：写在各结果表的标题行，合计行称“青山县合计”。
                              上级（市）把各县的结果工作簿作为输入再运行本命令，每个县按一个单位汇总
  --help                      显示本帮助

输出文件不能是输入文件，也不能互相相同；结果先写入临时文件，完整后才替换目标文件。
退出码：0 结果已写出；1 使用 --strict 且存在错误；2 文件无法读取或写入、参数或指标定义有误。`,
  en: `Usage: indicator-rollup <report.xlsx>... [options]

Reads township reports, checks every cell and writes the county roll-up, completion and validation report.
Input files are only read, never changed.

Options:
  --definitions <defs.xlsx>   read 指标定义 / 校验规则 / 任务数 (Indicators / Rules / Targets) from this workbook
                              (default: those sheets in the reports, else the built-in catalog)
  --as-of <date>              reporting date; sets the time progress: 2024-11-30, 2024/11/30,
                              20241130, or 2024-11 for the month's end (default: last day of last month)
  --out <result.xlsx>         result workbook (rollup, completion, validation)
                              (default without --json: "<name>-rollup.xlsx" beside the first report)
  --json <summary.json | ->   write the JSON summary to a file, or to stdout with "-"
  --strict                    exit with 1 when any error-level issue exists
  --lang <zh-CN | en>         output language (default zh-CN)
  --explain                   print each sheet's detected header, facility column, data rows and matched columns
  --write-catalog <file.xlsx> write the built-in catalog as editable definition sheets
  --feedback <folder>         for each township with errors or warnings, write <township>.xlsx (its problems and
                              lagging indicators) and <township>.txt (a message to paste into WeChat or an email);
                              the folder is created if missing
  --export <file.json|.csv>   export each facility's count figures for DHIS2 (.json: dataValueSets, .csv: DHIS2
                              CSV); may be given several times
  --skip-unreadable           when some reports cannot be read, roll up the rest; each unreadable file is an
                              error issue and the results say they are incomplete
  --previous <last.xlsx>      last period's result workbook (its 机构明细 / Facilities) or township reports (may
                              be given several times): year-to-date counts that went down, changes beyond the
                              change threshold, facilities that reported then and not now
  --roster <roster.xlsx>      a workbook with a 机构名录 / Roster sheet (township, facility name, code, aliases):
                              reporting rate, missing and unlisted facilities (default: a roster in the
                              definitions or report workbook, else last period's facilities)
  --notes <result.xlsx>       an earlier result workbook: its 情况说明 / Note column is carried to the same issues
  --unit-name <name>          the name of the unit rolled up (e.g. 青山县): titles the result sheets and names the
                              total row ("青山县合计"). A city runs this command over its counties' result
                              workbooks: each county is then one unit
  --help                      show this help

No output may be an input or another output; results go to a temporary file that replaces the target only
once complete.
Exit codes: 0 results written; 1 with --strict when errors exist; 2 unreadable or unwritable file, bad arguments
or definitions.`,
};
