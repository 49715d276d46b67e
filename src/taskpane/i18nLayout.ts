// The pane's words for its layout and input flow: the language menu, the 数据来源 summary, the footer,
// unread columns and their suggestions, 导入乡镇文件's outcomes and prompt, 统计截止日期's warnings, the
// preview's busy states. Kept apart from i18n.ts so that the results' words and these change independently.
import type { Lang } from '../engine';

const zh = {
  languageMenu: (current: string) => `界面语言：${current}`,
  sourcesSummary: (tables: number, unread: number) => `${tables} 个乡镇工作表${unread ? `，${unread} 张未识别` : ''}`,
  sourcesColumnsUnread: (sheets: number) => `，${sheets} 张有未读取的列`,
  showSources: '展开',
  hideSources: '收起',
  sourcesToggle: (open: boolean): string => (open ? '收起数据来源' : '展开数据来源'),
  runFooter: '汇总',
  columnsNotRead: (sheet: string, unread: number, total: number) => `${sheet}：${total} 列中有 ${unread} 列未读取`,
  suggestion: (letter: string, header: string, name: string) => `${letter} 列“${header}”可能是“${name}”`,
  noSuggestion: (letter: string, header: string) => `${letter} 列“${header}”没有相近的指标`,
  useSuggestion: '采用',
  useSuggestionLabel: (letter: string, name: string) => `${letter} 列采用“${name}”`,

  importing: '正在导入…',
  importTitle: '导入结果',
  importedFile: (file: string, sheets: string[]) => `${file}：已导入 ${sheets.join('、')}`,
  importedNothing: (file: string) => `${file}：没有可导入的工作表`,
  skippedDefinitions: (file: string, sheets: string[]) =>
    `${file}：${sheets.join('、')} 是乡镇文件中的指标定义表，未导入（本县的定义以本工作簿为准）`,
  importFailed: (file: string, reason: string) => `${file}：未导入。${reason}`,
  importSummary: (good: number, bad: number) => `导入完成：${good} 个文件已导入${bad ? `，${bad} 个文件未导入` : ''}。`,
  existsTitle: (sheet: string) => `工作簿中已有“${sheet}”`,
  existsBody: (file: string, sheets: string[]) =>
    `${file} 中的 ${sheets.map((s) => `“${s}”`).join('、')} 在本工作簿中已有同名工作表。两份都汇总会把数字算两遍。`,
  replaceSheet: '替换',
  keepBoth: '保留两份',
  cancelImport: '取消',
  replacedFile: (file: string, sheets: string[]) => `${file}：已替换 ${sheets.join('、')}`,
  keptBoth: (file: string, sheets: string[]) => `${file}：已导入 ${sheets.join('、')}（与原有工作表并存，请取消勾选其中一份）`,
  cancelledFile: (file: string) => `${file}：已取消导入`,

  asOfFuture: (date: string) => `${date} 晚于今天，请确认统计截止日期。`,
  asOfBeforeData: (date: string, year: number) => `${date} 早于报表中的年份（${year} 年），请确认统计截止日期。`,
  asOfFromSheets: (date: string) => `取自乡镇报表中的截止日期 ${date}`,
  asOfPlaceholderForms: '如 2024-11-30、2024年11月',
  asOfInvalidForms: '请输入有效日期，如 2024-11-30、2024年11月30日、2024年11月（即月末）或 20241130',

  downloading: '正在准备下载…',
};

export type LayoutStrings = typeof zh;

const en: LayoutStrings = {
  languageMenu: (current) => `Language: ${current}`,
  sourcesSummary: (tables, unread) => `${tables} township sheet${tables === 1 ? '' : 's'}${unread ? `, ${unread} not recognised` : ''}`,
  sourcesColumnsUnread: (sheets) => `, ${sheets} with columns not read`,
  showSources: 'Show',
  hideSources: 'Hide',
  sourcesToggle: (open) => (open ? 'Hide sources' : 'Show sources'),
  runFooter: 'Roll-up',
  columnsNotRead: (sheet, unread, total) => `${sheet}: ${unread} of ${total} columns not read`,
  suggestion: (letter, header, name) => `Column ${letter} “${header}” may be “${name}”`,
  noSuggestion: (letter, header) => `Column ${letter} “${header}”: no close indicator`,
  useSuggestion: 'Use',
  useSuggestionLabel: (letter, name) => `Read column ${letter} as “${name}”`,

  importing: 'Importing…',
  importTitle: 'Import',
  importedFile: (file, sheets) => `${file}: imported ${sheets.join(', ')}`,
  importedNothing: (file) => `${file}: no sheet to import`,
  skippedDefinitions: (file, sheets) =>
    `${file}: ${sheets.join(', ')} ${sheets.length === 1 ? 'is a definitions sheet' : 'are definitions sheets'} of the township file, not imported (the county's own definitions apply)`,
  importFailed: (file, reason) => `${file}: not imported. ${reason}`,
  importSummary: (good, bad) => `Import done: ${good} file(s) imported${bad ? `, ${bad} not imported` : ''}.`,
  existsTitle: (sheet) => `“${sheet}” is already in the workbook`,
  existsBody: (file, sheets) =>
    `${file} has ${sheets.map((s) => `“${s}”`).join(', ')}, already in this workbook. Keeping both would count the figures twice.`,
  replaceSheet: 'Replace',
  keepBoth: 'Keep both',
  cancelImport: 'Cancel',
  replacedFile: (file, sheets) => `${file}: replaced ${sheets.join(', ')}`,
  keptBoth: (file, sheets) => `${file}: imported ${sheets.join(', ')} next to the existing sheet(s) (untick one of them)`,
  cancelledFile: (file) => `${file}: import cancelled`,

  asOfFuture: (date) => `${date} is after today: please check the reporting date.`,
  asOfBeforeData: (date, year) => `${date} is before the year of the reports (${year}): please check the reporting date.`,
  asOfFromSheets: (date) => `Taken from the township sheets' reporting date ${date}`,
  asOfPlaceholderForms: 'e.g. 2024-11-30, 2024-11',
  asOfInvalidForms: 'Enter a real date, e.g. 2024-11-30, 2024/11/30, 2024-11 (end of month) or 20241130',

  downloading: 'Preparing the download…',
};

export const LAYOUT_STRINGS: Record<Lang, LayoutStrings> = { 'zh-CN': zh, en };
