// The pane's own words, zh-CN first and English. Issue messages and status labels come from the
// engine's catalogue (renderIssue, statusLabel); everything else the pane says is here.
import { LEVEL_TEXT } from '../engine';
import type { Lang, Severity, UnitLevel } from '../engine';
import { LAYOUT_STRINGS } from './i18nLayout';
import type { LayoutStrings } from './i18nLayout';

/** zh-CN unless Office (or the browser) speaks another language than Chinese. */
export function detectLang(displayLanguage: string | null | undefined): Lang {
  if (!displayLanguage) return 'zh-CN';
  return /^zh\b/i.test(displayLanguage) ? 'zh-CN' : 'en';
}

const zh = {
  title: '县级卫生统计汇总',
  language: '界面语言',
  previewNote: '这是浏览器中的预览：工作簿只保存在本页面中，不会上传。修改后请用“下载工作簿”保存。',
  previewWorkbook: (name: string) => `当前工作簿：${name}`,
  openWorkbook: '打开工作簿',
  downloadWorkbook: '下载工作簿',
  opening: '正在打开工作簿…',
  previewSelected: (ref: string) => `选中的单元格：${ref}`,
  connecting: '正在连接 Excel…',
  connectingSlow: 'Excel 还没有响应，加载项会继续等待。如果一直停在这里，请关闭任务窗格再重新打开，或刷新 Excel 网页。',
  officeJsMissingTitle: '无法加载 Office.js',
  officeJsMissing:
    '加载项需要微软的 Office.js 才能连接 Excel，但它没有加载成功（网络访问不到 appsforoffice.microsoft.com）。在不能访问外网的政务内网中，请让管理员用 npm run build:intranet 构建并部署内网版本（见说明文档“部署：生产构建与内网构建”）。',
  notExcel: '本加载项只能在 Excel 中使用。',

  sources: '数据来源',
  reading: '正在读取工作表…',
  refresh: '重新读取',
  noSources: '未找到乡镇报表。请导入乡镇文件，或检查表头是否包含指标名称。',
  sourcesHint: '取消勾选的工作表和所作的更正都保存在本工作簿中，下次汇总仍然有效。',
  importFiles: '导入乡镇文件',
  importFilesInput: '选择要导入的乡镇文件（.xlsx、.xls、.et、.csv、.ods、.xlsb，可多选）',
  importUnsupported: '此版本的 Excel 不支持导入文件（需要 ExcelApi 1.13）。请在 Excel 中打开乡镇文件，把工作表移动或复制到本工作簿。',
  imported: (names: string[]) => `已导入 ${names.length} 个工作表：${names.join('、')}`,
  includeSheet: (sheet: string) => `汇总“${sheet}”`,
  sheetSummary: (facilities: number, townships: string[]) =>
    `${facilities} 个机构${townships.length ? `，${townships.join('、')}` : ''}`,
  layoutSummary: (header: string, facility: string, matched: number, unmatched: number) =>
    `表头第 ${header} 行 · 机构列 ${facility} · 对应指标 ${matched} 列${unmatched ? `，未对应 ${unmatched} 列` : ''}`,
  skipped: (reason: string) => `未汇总：${reason}`,
  // The pane's own wording; every other reason is worded by the engine (skipReason).
  skipReason: {
    definitions: '指标定义表',
    result: '汇总结果表',
    excluded: '已取消汇总',
  } as Record<string, string>,
  overridden: '已按更正识别',
  showDetails: '识别详情',
  forSheet: (action: string, sheet: string) => `${action}：${sheet}`,
  detailsTitle: (sheet: string) => `“${sheet}”的识别详情`,
  rowSpan: (first: number, last: number) => (first === last ? `第 ${first} 行` : `第 ${first}–${last} 行`),
  detailHeader: '表头',
  detailFacility: '机构列',
  detailTownship: '乡镇列',
  townshipFromName: '无（乡镇取自工作表名）',
  detailData: '数据行',
  detailLeftOut: '未计入的行',
  leftOutRow: (row: number, label: string, reason: string) => `第 ${row} 行${label ? `“${label}”` : ''}（${reason}）`,
  detailMatched: '对应指标的列',
  detailUnmatched: '未对应的列',
  none: '无',
  rowReason: { total: '合计行', breakdown: '其中项', signoff: '签字行', note: '注释', blank: '空行', 'column-numbers': '栏次行' } as Record<string, string>,
  correct: '更正识别',
  correctTitle: (sheet: string) => `更正“${sheet}”的识别结果`,
  headerFirst: '表头起始行',
  headerLast: '表头结束行',
  facilityColumn: '机构名称列',
  columnIndicator: (letter: string, header: string) => `${letter} 列“${header}”对应的指标`,
  ignoreColumn: '（不读取）',
  saveCorrection: '保存更正',
  correctionSaved: '更正已保存在工作簿中，下月仍然有效。',
  rowNumberInvalid: '请输入不小于 1 的行号，结束行不小于起始行',

  definitions: '指标定义',
  insertCatalog: '插入指标定义表',
  catalogInserted: (names: string[]) => `已插入可编辑的指标定义表：${names.join('、')}。修改后重新读取即可生效。`,

  asOf: '统计截止日期',
  // 序时进度 with the two decimals of the sheets' 0.00%.
  asOfHint: (months: number) => `序时进度 ${months}/12（${((months / 12) * 100).toFixed(2)}%）`,
  asOfPlaceholder: '年-月-日，如 2024-06-30',
  asOfInvalid: '请输入有效日期（年-月-日，如 2024-06-30）',

  run: '开始汇总',
  running: '正在汇总…',
  progressStart: '正在读取工作表…',
  progressRead: (sheet: string, done: number, total: number) => `正在读取 ${sheet}（${done}/${total} 行）`,
  progressRun: (sheet: string, n: number, total: number) => `正在汇总 ${sheet}（第 ${n}/${total} 个工作表）`,
  progressWrite: '正在写入结果表…',
  cancel: '取消',
  cancelled: '已取消汇总，工作簿未被修改。',
  cannotCancelWrite: '正在写入结果表，无法取消',
  refusedNoTownship: '没有可汇总的乡镇报表，未写入结果表。请导入乡镇文件，或检查表头是否包含指标名称。',
  refusedAllExcluded: '所有乡镇报表都已取消勾选，未写入结果表。请在“数据来源”中勾选要汇总的工作表。',
  runDone: (level: UnitLevel, units: number, facilities: number, errors: number, warnings: number) =>
    `汇总完成：${units} 个${LEVEL_TEXT[level].unit['zh-CN']}，${facilities} 个机构，${errors} 个错误，${warnings} 个警告。`,

  summary: '汇总结果',
  townships: '乡镇',
  facilities: '机构',
  errors: '错误',
  warnings: '警告',
  behind: '进度滞后或未达标的指标',
  written: (names: string[]) => `已写入结果表：${names.join('、')}`,
  renamed: (requested: string, actual: string) => `工作簿中已有同名的“${requested}”，结果写入“${actual}”`,

  issues: '校验问题',
  noIssues: '未发现问题。',
  workbookIssues: '整个工作簿',
  groupTitle: (title: string, errors: number, warnings: number, total: number) =>
    `${title}（${[errors ? `${errors} 个错误` : '', warnings ? `${warnings} 个警告` : ''].filter(Boolean).join('，') || `${total} 条提示`}）`,
  goToCell: (sheet: string, cell: string) => `转到 ${sheet}!${cell}`,
  moreIssues: (n: number) => `另有 ${n} 条，请查看“校验结果”表`,
  severity: { error: '错误', warning: '警告', info: '提示' } as Record<Severity, string>,
  showInfo: '显示提示信息',

  completion: '完成情况',
  scope: '范围',
  indicator: '指标',
  indicatorFigures: '指标（实际 · 目标）',
  figure: (label: string, value: string) => `${label} ${value}`,
  actual: '实际',
  target: '目标',
  rate: '完成率',
  status: '状态',
  noCompletion: '没有设定目标的指标。',

  errorTitle: '出错了',
  moreInfo: '更多信息',
  lessInfo: '收起',
  dismiss: '关闭',

  // The monthly cycle: 上期结果, 情况说明 typed in the pane, 机构名录.
  previousTitle: '上期结果',
  previousHint: '选择上期用本工具汇总后保存的结果工作簿：其“机构明细”复制到本工作簿的“上期机构明细”表中，以后每次汇总都与之比较（累计数减少、变化过大、上期有本期无的机构），直到移除或换成另一个文件。',
  previousNone: '未选择上期结果：不与上期比较。',
  previousInUse: (file: string | null, asOf: string | null, facilities: number) =>
    `正在使用：${file ? `“${file}”的机构明细` : '上期机构明细'}${asOf ? `（统计截止日期 ${asOf}）` : ''}，${facilities} 个机构`,
  previousPick: '选择上期结果工作簿',
  previousPickInput: '选择上期结果工作簿（本工具生成的 .xlsx）',
  previousReplace: '换一个文件',
  previousRemove: '移除上期结果',
  previousReading: '正在读取上期结果…',
  previousSaved: (file: string, facilities: number) => `已把“${file}”的机构明细（${facilities} 个机构）保存为“上期机构明细”，下次汇总时与之比较。`,
  previousRemoved: '已移除上期结果：下次汇总不与上期比较。',
  previousNotResult: (file: string) => `“${file}”不是本工具生成的汇总结果工作簿：其中没有“机构明细”工作表。请选择上期汇总后保存的结果工作簿。`,
  previousEmpty: (file: string) => `“${file}”的“机构明细”中没有可读的机构（没有“乡镇”“机构”表头或其下没有机构）。`,
  noteLabel: '情况说明',
  noteShown: (note: string) => `情况说明：${note}`,
  noteWrite: '写情况说明',
  noteEdit: '修改情况说明',
  noteSave: '保存说明',
  noteCancel: '取消',
  noteSaved: '情况说明已保存在本工作簿中，已计入“可以上报”；下次开始汇总时写入“校验结果”。',
  rosterExists: (sheet: string) => `工作簿中已有机构名录“${sheet}”，未再插入。`,
  // 单位名称, 导出 (DHIS2), 下载反馈, and counties' result workbooks imported as units (one level up).
  unitName: '单位名称',
  unitNamePlaceholder: '如 青山县',
  unitNameTotal: (total: string) => `合计行：${total}`,
  comparisonTitle: { township: '乡镇对比', county: '县区对比', city: '市州对比' } as Record<UnitLevel, string>,
  unitsCount: { township: '乡镇', county: '县区', city: '市州' } as Record<UnitLevel, string>,
  unitsTitle: '汇总单位',
  unitLine: (name: string, file: string, errors: number, warnings: number) =>
    `${name}（${file}）：其校验结果仍有错误 ${errors} 条、警告 ${warnings} 条`,
  outputsTitle: '上报与反馈',
  exportHint: '导出 DHIS2 数据值：每个机构每个计数指标一项（率由 DHIS2 按分子、分母计算）。',
  exportSheet: '写入“导出”工作表',
  exportJson: '下载 DHIS2 JSON',
  exportCsv: '下载 DHIS2 CSV',
  exporting: '正在导出…',
  exportWritten: (sheet: string, values: number, leftOut: number) =>
    `已写入“${sheet}”工作表：${values} 个数值${leftOut ? `，${leftOut} 个有错误的单元格未导出` : ''}。用“文件 › 另存为”选择“CSV UTF-8”保存，即可导入 DHIS2。`,
  exportDownloaded: (file: string, values: number, leftOut: number) =>
    `已下载 ${file}：${values} 个数值${leftOut ? `，${leftOut} 个有错误的单元格未导出` : ''}。`,
  downloadFeedback: '下载反馈（.zip）',
  downloadFeedbackHint: '每个需要核对的乡镇一个 Excel 文件和一段文字（.txt），可直接通过微信或邮件发送。',
  feedbackDownloaded: (file: string, townships: number) => `已下载 ${file}：${townships} 个乡镇的反馈。`,
  // Issues with their outcome beside them; the correction form's indicator search; landmarks.
  cellSelected: (sheet: string, cell: string) => `已在 Excel 中选中 ${sheet}!${cell}`,
  cellNotSelected: (sheet: string, cell: string, reason: string) => `未能选中 ${sheet}!${cell}：${reason}`,
  searchIndicator: '输入指标名称或代码查找',
  noIndicatorFound: '没有名称或代码包含此文字的指标',
  restoreAuto: '恢复自动识别',
  restoreAutoHint: (sheet: string) => `删除对“${sheet}”所作的更正，按表头自动识别`,
  cancelCorrection: '取消',
  sheetPreview: (sheet: string, rows: number) => `“${sheet}”的前 ${rows} 行`,
  previewScrollHint: '预览可左右滚动',
  correctionRemoved: (sheet: string) => `已删除对“${sheet}”的更正，按表头自动识别。`,
  // 上期乡镇文件 (last period's township files read into 上期机构明细).
  previousPickReports: '选择上期乡镇文件',
  previousPickReportsInput: '选择上期各乡镇的报表文件（.xlsx、.xls、.et、.csv、.ods、.xlsb，可多选）',
  previousReportsHint: '没有上期结果工作簿时，可以选择上期各乡镇报来的文件（可多选）：按本工作簿的指标定义、以上月末为统计截止日期读取，同样保存为“上期机构明细”。',
  previousReportsSaved: (files: string, facilities: number, asOf: string | null) =>
    `已读取上期乡镇文件“${files}”：${facilities} 个机构${asOf ? `（统计截止日期 ${asOf}）` : ''}，保存为“上期机构明细”，下次汇总时与之比较。`,
  previousNoFacility: (files: string) =>
    `在“${files}”中没有读到任何机构：没有可识别的表头（机构名称和指标名称）。请选择上期各乡镇报来的统计表，或上期汇总后保存的结果工作簿。`,
  // The level words of the units (LEVEL_TEXT): 全县 / 全市 when the units are counties.
  scopeWhole: (level: UnitLevel) => `全${LEVEL_TEXT[level].whole['zh-CN']}`,
};

export type Strings = typeof zh & LayoutStrings;

/** n units in English: 1 county, 2 counties (the singular is LEVEL_TEXT's). */
const PLURAL_EN: Record<UnitLevel, string> = { township: 'townships', county: 'counties', city: 'cities' };
const unitsEn = (n: number, level: UnitLevel): string => `${n} ${n === 1 ? LEVEL_TEXT[level].unit.en.toLowerCase() : PLURAL_EN[level]}`;

const en: typeof zh = {
  title: 'County health statistics rollup',
  language: 'Language',
  previewNote: 'This is the in-browser preview: the workbook stays in this page and is never uploaded. Use “Download workbook” to keep your changes.',
  previewWorkbook: (name) => `Workbook: ${name}`,
  openWorkbook: 'Open workbook',
  downloadWorkbook: 'Download workbook',
  opening: 'Opening the workbook…',
  previewSelected: (ref) => `Selected cell: ${ref}`,
  connecting: 'Connecting to Excel…',
  connectingSlow: 'Excel has not answered yet; the add-in keeps waiting. If it stays here, close the task pane and open it again, or reload Excel on the web.',
  officeJsMissingTitle: 'Office.js could not be loaded',
  officeJsMissing:
    'The add-in needs Microsoft’s Office.js to talk to Excel, and it did not load (appsforoffice.microsoft.com cannot be reached). On an intranet without Internet access, have the administrator build and deploy the intranet build with npm run build:intranet (see the README, “Deployment”).',
  notExcel: 'This add-in works only in Excel.',

  sources: 'Sources',
  reading: 'Reading the sheets…',
  refresh: 'Read again',
  noSources: 'No township report found. Import township files, or check that the header names indicators.',
  sourcesHint: 'Sheets you untick and your corrections are kept in this workbook and apply next time too.',
  importFiles: 'Import township files',
  importFilesInput: 'Choose township files to import (.xlsx, .xls, .et, .csv, .ods, .xlsb; several at once)',
  importUnsupported:
    'This version of Excel cannot import files (ExcelApi 1.13 is needed). Open the township files in Excel and move or copy their sheets into this workbook.',
  imported: (names) => `Imported ${names.length} sheet(s): ${names.join(', ')}`,
  includeSheet: (sheet) => `Include “${sheet}”`,
  sheetSummary: (facilities, townships) => `${facilities} facilities${townships.length ? `, ${townships.join(', ')}` : ''}`,
  layoutSummary: (header, facility, matched, unmatched) =>
    `Header row(s) ${header} · facility column ${facility} · ${matched} indicator column(s)${unmatched ? `, ${unmatched} unmatched` : ''}`,
  skipped: (reason) => `Not included: ${reason}`,
  skipReason: {
    definitions: 'definitions sheet',
    result: 'result sheet',
    excluded: 'excluded by you',
  },
  overridden: 'Read with your corrections',
  showDetails: 'What was read',
  forSheet: (action, sheet) => `${action}: ${sheet}`,
  detailsTitle: (sheet) => `What was read on “${sheet}”`,
  rowSpan: (first, last) => (first === last ? `row ${first}` : `rows ${first}–${last}`),
  detailHeader: 'Header',
  detailFacility: 'Facility column',
  detailTownship: 'Township column',
  townshipFromName: 'none (township from the sheet name)',
  detailData: 'Data rows',
  detailLeftOut: 'Rows left out',
  leftOutRow: (row, label, reason) => `row ${row}${label ? ` “${label}”` : ''} (${reason})`,
  detailMatched: 'Indicator columns',
  detailUnmatched: 'Unmatched columns',
  none: 'none',
  rowReason: { total: 'total', breakdown: 'breakdown', signoff: 'sign-off', note: 'note', blank: 'blank', 'column-numbers': 'column numbers' },
  correct: 'Correct',
  correctTitle: (sheet) => `Correct how “${sheet}” is read`,
  headerFirst: 'First header row',
  headerLast: 'Last header row',
  facilityColumn: 'Facility name column',
  columnIndicator: (letter, header) => `Indicator of column ${letter} “${header}”`,
  ignoreColumn: '(do not read)',
  saveCorrection: 'Save correction',
  correctionSaved: 'Correction saved in the workbook; it applies next month too.',
  rowNumberInvalid: 'Enter row numbers from 1, the last not before the first',

  definitions: 'Indicator definitions',
  insertCatalog: 'Insert definition sheets',
  catalogInserted: (names) => `Inserted editable definition sheets: ${names.join(', ')}. Edit them, then read again.`,

  asOf: 'Statistics as of',
  asOfHint: (months) => `Time progress ${months}/12 (${((months / 12) * 100).toFixed(2)}%)`,
  asOfPlaceholder: 'year-month-day, e.g. 2024-06-30',
  asOfInvalid: 'Enter a valid date (year-month-day, e.g. 2024-06-30)',

  run: 'Run rollup',
  running: 'Running…',
  progressStart: 'Reading the sheets…',
  progressRead: (sheet, done, total) => `Reading ${sheet} (row ${done}/${total})`,
  progressRun: (sheet, n, total) => `Consolidating ${sheet} (sheet ${n} of ${total})`,
  progressWrite: 'Writing the result sheets…',
  cancel: 'Cancel',
  cancelled: 'The rollup was cancelled; the workbook was not changed.',
  cannotCancelWrite: 'The result sheets are being written; this cannot be cancelled',
  refusedNoTownship:
    'There is no township report to consolidate, so no result sheet was written. Import township files, or check that the header names indicators.',
  refusedAllExcluded: 'Every township report is unticked, so no result sheet was written. Tick the sheets to include under Sources.',
  runDone: (level, units, facilities, errors, warnings) =>
    `Rollup done: ${unitsEn(units, level)}, ${facilities} facilities, ${errors} error(s), ${warnings} warning(s).`,

  summary: 'Summary',
  townships: 'Townships',
  facilities: 'Facilities',
  errors: 'Errors',
  warnings: 'Warnings',
  behind: 'Indicators behind target',
  written: (names) => `Result sheets written: ${names.join(', ')}`,
  renamed: (requested, actual) => `The workbook already has a sheet “${requested}” of its own; results went to “${actual}”`,

  issues: 'Issues',
  noIssues: 'No issues found.',
  workbookIssues: 'Whole workbook',
  groupTitle: (title, errors, warnings, total) =>
    `${title} (${
      [errors ? `${errors} error${errors > 1 ? 's' : ''}` : '', warnings ? `${warnings} warning${warnings > 1 ? 's' : ''}` : '']
        .filter(Boolean)
        .join(', ') || `${total} note${total > 1 ? 's' : ''}`
    })`,
  goToCell: (sheet, cell) => `Go to ${sheet}!${cell}`,
  moreIssues: (n) => `${n} more: see the Validation sheet`,
  severity: { error: 'Error', warning: 'Warning', info: 'Note' },
  showInfo: 'Show notes',

  completion: 'Completion',
  scope: 'Scope',
  indicator: 'Indicator',
  indicatorFigures: 'Indicator (actual · target)',
  figure: (label, value) => `${label} ${value}`,
  actual: 'Actual',
  target: 'Target',
  rate: 'Completion',
  status: 'Status',
  noCompletion: 'No indicator has a target.',

  errorTitle: 'Something went wrong',
  moreInfo: 'More info',
  lessInfo: 'Less',
  dismiss: 'Dismiss',

  // The monthly cycle: last period's results, notes typed in the pane, the roster.
  previousTitle: 'Last period',
  previousHint:
    'Pick last period’s result workbook saved by this tool: its Facilities sheet is copied into this workbook as “Last period facilities”, and every run compares with it (year-to-date counts that went down, large changes, facilities that reported then and not now) until you remove it or pick another file.',
  previousNone: 'No last period picked: no comparison with last period.',
  previousInUse: (file, asOf, facilities) =>
    `In use: ${file ? `the Facilities of “${file}”` : 'last period’s facilities'}${asOf ? ` (as of ${asOf})` : ''}, ${facilities} facilities`,
  previousPick: 'Pick last period’s results',
  previousPickInput: 'Pick last period’s result workbook (an .xlsx made by this tool)',
  previousReplace: 'Pick another file',
  previousRemove: 'Remove last period',
  previousReading: 'Reading last period…',
  previousSaved: (file, facilities) => `The Facilities of “${file}” (${facilities} facilities) are kept as “Last period facilities”; the next run compares with them.`,
  previousRemoved: 'Last period removed: the next run does not compare with it.',
  previousNotResult: (file) => `“${file}” is not a result workbook made by this tool: it has no 机构明细 / Facilities sheet. Pick the result workbook saved after last period’s run.`,
  previousEmpty: (file) => `The Facilities sheet of “${file}” lists no facility (no Township and Facility header, or nothing under it).`,
  noteLabel: 'Note',
  noteShown: (note) => `Note: ${note}`,
  noteWrite: 'Add a note',
  noteEdit: 'Edit the note',
  noteSave: 'Save note',
  noteCancel: 'Cancel',
  noteSaved: 'The note is kept in this workbook and counted for “Ready to submit”; the next run writes it into the Validation sheet.',
  rosterExists: (sheet) => `The workbook already has a roster, “${sheet}”: no other was inserted.`,
  // 单位名称, 导出 (DHIS2), 下载反馈, and counties' result workbooks imported as units (one level up).
  unitName: 'Unit name',
  unitNamePlaceholder: 'e.g. Qingshan County',
  unitNameTotal: (total) => `Total row: ${total}`,
  comparisonTitle: { township: 'Townships side by side', county: 'Counties side by side', city: 'Cities side by side' },
  unitsCount: { township: 'Townships', county: 'Counties', city: 'Cities' },
  unitsTitle: 'Units rolled up',
  unitLine: (name, file, errors, warnings) => `${name} (${file}): its own validation still has ${errors} error(s), ${warnings} warning(s)`,
  outputsTitle: 'Send up and back',
  exportHint: 'DHIS2 data values: one per facility and count indicator (DHIS2 computes rates from their parts).',
  exportSheet: 'Write the Export sheet',
  exportJson: 'Download DHIS2 JSON',
  exportCsv: 'Download DHIS2 CSV',
  exporting: 'Exporting…',
  exportWritten: (sheet, values, leftOut) =>
    `Wrote the sheet “${sheet}”: ${values} value(s)${leftOut ? `; ${leftOut} cell(s) with errors left out` : ''}. Save it with File › Save As › CSV UTF-8 to import it into DHIS2.`,
  exportDownloaded: (file, values, leftOut) => `Downloaded ${file}: ${values} value(s)${leftOut ? `; ${leftOut} cell(s) with errors left out` : ''}.`,
  downloadFeedback: 'Download feedback (.zip)',
  downloadFeedbackHint: 'One Excel file and one text (.txt) per township with something to check, ready to send by WeChat or email.',
  feedbackDownloaded: (file, townships) => `Downloaded ${file}: feedback for ${townships} township(s).`,
  // Issues with their outcome beside them; the correction form's indicator search; landmarks.
  cellSelected: (sheet, cell) => `Selected ${sheet}!${cell} in Excel`,
  cellNotSelected: (sheet, cell, reason) => `Could not select ${sheet}!${cell}: ${reason}`,
  searchIndicator: 'Type an indicator’s name or code',
  noIndicatorFound: 'No indicator’s name or code contains this text',
  restoreAuto: 'Detect automatically again',
  restoreAutoHint: (sheet) => `Remove your correction of “${sheet}” and read its header automatically`,
  cancelCorrection: 'Cancel',
  sheetPreview: (sheet, rows) => `The first ${rows} rows of “${sheet}”`,
  previewScrollHint: 'The preview scrolls sideways',
  correctionRemoved: (sheet) => `Your correction of “${sheet}” was removed; its header is read automatically.`,
  // 上期乡镇文件 (last period's township files read into 上期机构明细).
  previousPickReports: 'Pick last period’s township files',
  previousPickReportsInput: 'Choose last period’s township files (.xlsx, .xls, .et, .csv, .ods, .xlsb; several at once)',
  previousReportsHint:
    'Without last period’s result workbook, pick the files the townships sent last period (several at once): they are read with this workbook’s definitions, as of the end of last month, and kept as “Last period facilities” the same way.',
  previousReportsSaved: (files, facilities, asOf) =>
    `Read last period’s township files “${files}”: ${facilities} facilities${asOf ? ` (as of ${asOf})` : ''}, kept as “Last period facilities”; the next run compares with them.`,
  previousNoFacility: (files) =>
    `No facility could be read from “${files}”: no header naming facilities and indicators was found. Pick the reports the townships sent last period, or last period’s result workbook.`,
  // The level words of the units (LEVEL_TEXT): 全县 / 全市 when the units are counties.
  scopeWhole: (level) => LEVEL_TEXT[level].whole.en,
};

export const STRINGS: Record<Lang, Strings> = { 'zh-CN': { ...zh, ...LAYOUT_STRINGS['zh-CN'] }, en: { ...en, ...LAYOUT_STRINGS.en } };

// ---------------------------------------------------------------------------------------------
// The results: townships side by side, the ranking, 上报情况, 乡镇反馈, readiness. Status words and
// where a target came from are the engine's (statusLabel, targetSourceLabel).

const zhResults = {
  limit: '限值',
  targetFrom: (source: string) => `来源：${source}`,
  readinessDetail: (errors: number, warnings: number) =>
    errors === 0 && warnings === 0 ? '没有错误，警告都已写明情况说明。' : `还有错误 ${errors} 条、未写情况说明的警告 ${warnings} 条。`,
  townships: '乡镇对比',
  townshipColumn: '乡镇',
  sortBy: (column: string) => `按“${column}”排序`,
  noTownships: '没有可对比的指标（没有设定目标的指标）。',
  scrollHint: '表格可左右滚动',
  ranking: (level: UnitLevel) => `${LEVEL_TEXT[level].unit['zh-CN']}排名`,
  rankingIndicator: '指标',
  rankingDescription: (indicator: string, n: number, level: UnitLevel) => `${indicator}：${n} 个${LEVEL_TEXT[level].unit['zh-CN']}按完成率排名`,
  rankingLine: (label: string, value: string) => `${label} ${value}`,
  progressLine: '序时进度',
  targetLine: '目标',
  noRanking: (level: UnitLevel) => `没有${LEVEL_TEXT[level].unit['zh-CN']}有这一指标的完成率。`,
  reporting: '上报情况',
  reportingColumns: { name: '乡镇', expected: '应报', reported: '已报', rate: '上报率' },
  missing: (names: string[]) => `未报：${names.join('、')}`,
  unlisted: (names: string[]) => `名录外：${names.join('、')}`,
  noExpected: '没有机构名录，也没有上期结果：只统计已报机构，不能计算上报率。',
  feedback: (level: UnitLevel) => `${LEVEL_TEXT[level].unit['zh-CN']}反馈`,
  noFeedback: (level: UnitLevel) => `各${LEVEL_TEXT[level].unit['zh-CN']}都没有需要核对的错误或警告。`,
  feedbackFor: (township: string, n: number) => `${township}（${n} 处）`,
  copy: '复制',
  copyLabel: (township: string) => `复制给${township}的反馈`,
  copied: '已复制，可粘贴到微信或邮件',
  copyFailed: '无法自动复制：文字已选中，请按 Ctrl+C',
  valueRead: (value: string) => `“${value}”`,
};

export type ResultStrings = typeof zhResults;

const enResults: ResultStrings = {
  limit: 'Limit',
  targetFrom: (source) => `From: ${source}`,
  readinessDetail: (errors, warnings) =>
    errors === 0 && warnings === 0 ? 'No errors, and every warning is explained.' : `${errors} error(s) and ${warnings} unexplained warning(s) left.`,
  townships: 'Townships side by side',
  townshipColumn: 'Township',
  sortBy: (column) => `Sort by “${column}”`,
  noTownships: 'No indicator to compare (none has a target).',
  scrollHint: 'The table scrolls sideways',
  ranking: (level) => `${LEVEL_TEXT[level].unit.en} ranking`,
  rankingIndicator: 'Indicator',
  rankingDescription: (indicator, n, level) => `${indicator}: ${unitsEn(n, level)} ranked by completion`,
  rankingLine: (label, value) => `${label} ${value}`,
  progressLine: 'Time progress',
  targetLine: 'Target',
  noRanking: (level) => `No ${LEVEL_TEXT[level].unit.en.toLowerCase()} has a completion figure for this indicator.`,
  reporting: 'Reporting',
  reportingColumns: { name: 'Township', expected: 'Expected', reported: 'Reported', rate: 'Rate' },
  missing: (names) => `Missing: ${names.join(', ')}`,
  unlisted: (names) => `Not listed: ${names.join(', ')}`,
  noExpected: 'No roster and no last period: only facilities that reported are counted; no reporting rate.',
  feedback: (level) => `Feedback to ${PLURAL_EN[level]}`,
  noFeedback: (level) => `No ${LEVEL_TEXT[level].unit.en.toLowerCase()} has an error or warning to check.`,
  feedbackFor: (township, n) => `${township} (${n})`,
  copy: 'Copy',
  copyLabel: (township) => `Copy the feedback for ${township}`,
  copied: 'Copied: paste it into WeChat or an email',
  copyFailed: 'Could not copy: the text is selected, press Ctrl+C',
  valueRead: (value) => `"${value}"`,
};

export const RESULT_STRINGS: Record<Lang, ResultStrings> = { 'zh-CN': zhResults, en: enResults };
