// Named failures: misuse or unusable input that stops a run. Problems in the data are Issues, not these.
import type { CellRef } from './types';

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
}
