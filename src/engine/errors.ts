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
