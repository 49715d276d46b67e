// Named failures: misuse or unusable input that stops a run. Problems in the data are Issues, not these.
import type { CellRef, Lang } from './types';

export class RollupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** One problem in a definition sheet, at a cell. */
export interface DefinitionProblem extends CellRef {
  message: string;
}

/** 指标定义 / 校验规则 / 任务数 cannot be used: unknown reference, duplicate code, cycle, bad expression… */
export class DefinitionError extends RollupError {
  constructor(readonly problems: DefinitionProblem[]) {
    super(problems.map((p) => `${p.sheet}!${p.cell}: ${p.message}`).join('\n'));
  }
}

/** An expression (分子, 分母, 表达式) that does not parse. position is a 0-based character offset. */
export class ExpressionSyntaxError extends RollupError {
  constructor(
    message: string,
    readonly expression: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/** --as-of or 统计截止日期 that is not a real YYYY-MM-DD date. */
export class InvalidDateError extends RollupError {
  constructor(readonly text: string) {
    super(`Not a date (YYYY-MM-DD): ${text}`);
  }
}

/**
 * Result workbooks (units one level down) given together with township reports, or results of
 * different levels together: adding them would mix a county's total with its own townships' rows.
 */
export class MixedLevelsError extends RollupError {
  constructor(
    /** Files read as units (result workbooks of this tool). */
    readonly unitFiles: string[],
    /** Files read as reports of another level. */
    readonly otherFiles: string[],
  ) {
    super(`Result workbooks (${unitFiles.join(', ')}) cannot be rolled up with reports of another level (${otherFiles.join(', ')})`);
  }

  /** What the CLI and the pane say: both lists named (the workbook itself when its own sheets are the reports). */
  userMessage(lang: Lang): string {
    const list = (files: string[]): string => files.join(lang === 'en' ? ', ' : '、') || (lang === 'en' ? 'the workbook' : '本工作簿');
    const units = list(this.unitFiles);
    const others = list(this.otherFiles);
    return lang === 'en'
      ? `${units}: result workbook(s) of this tool (each rolled up as one unit); ${others}: reports of the level below. They cannot be rolled up together without counting twice: make each county's result workbook from its township reports first, then roll up the counties' result workbooks together.`
      : `${units} 是本工具写出的汇总结果（各按一个单位汇总），${others} 是下一级的报表，二者不能一起汇总，以免重复计数。请先用各乡镇报表生成该县的结果工作簿，再把各县的结果工作簿一起汇总。`;
  }
}
