// Expressions of 分子, 分母 and 校验规则: a tokenizer and recursive-descent parser (never eval), evaluation
// over indicator values, and comparison that floating-point noise cannot fail.
import { lookupTable } from './dict';
import { ExpressionSyntaxError } from './errors';
import { toHalfWidth } from './normalize';
import type { CompareOp, Expr, Lang } from './types';

type Token =
  | { kind: 'num'; value: number; pos: number; text: string }
  | { kind: 'ref'; name: string; pos: number; text: string }
  | { kind: 'op'; op: '+' | '-' | '*' | '/' | '(' | ')'; pos: number; text: string }
  | { kind: 'cmp'; op: CompareOp; pos: number; text: string }
  | { kind: 'end'; pos: number; text: string };

type Reason =
  | 'empty'
  | 'unexpected-char'
  | 'unclosed-ref'
  | 'empty-ref'
  | 'bad-number'
  | 'expected-operand'
  | 'missing-paren'
  | 'unexpected-token'
  | 'comparison-in-expression'
  | 'no-comparison'
  | 'two-comparisons'
  | 'too-long'
  | 'too-deep';

/**
 * Limits no real 分子, 分母 or 校验规则 comes near (the longest in use sum a few dozen indicators), so
 * that a pasted or hostile expression is a definition error at its cell rather than a stack overflow.
 * Within them every walk over an expression tree stays a few thousand calls deep at most: a flat sum
 * of MAX_EXPRESSION_LENGTH / 2 terms is a left-leaning chain that deep.
 */
export const MAX_EXPRESSION_LENGTH = 2000;
/** Parentheses and signs nested within one another. */
export const MAX_EXPRESSION_NESTING = 64;

const REASONS: Record<Reason, Record<Lang, (t: string, pos: number) => string>> = {
  empty: { 'zh-CN': () => '表达式为空', en: () => 'the expression is empty' },
  'unexpected-char': {
    'zh-CN': (t, p) => `第 ${p + 1} 个字符“${t}”无法识别（指标请写作 [代码] 或 [名称]）`,
    en: (t, p) => `unexpected character "${t}" at position ${p + 1} (write indicators as [code] or [name])`,
  },
  'unclosed-ref': {
    'zh-CN': (_t, p) => `第 ${p + 1} 个字符处的“[”缺少对应的“]”`,
    en: (_t, p) => `"[" at position ${p + 1} is never closed with "]"`,
  },
  'empty-ref': {
    'zh-CN': (_t, p) => `第 ${p + 1} 个字符处的“[]”中没有指标`,
    en: (_t, p) => `"[]" at position ${p + 1} names no indicator`,
  },
  'bad-number': {
    'zh-CN': (t, p) => `第 ${p + 1} 个字符处的数字“${t}”无效`,
    en: (t, p) => `invalid number "${t}" at position ${p + 1}`,
  },
  'expected-operand': {
    'zh-CN': (t, p) => (t ? `第 ${p + 1} 个字符处应为数字、[指标] 或“(”，而不是“${t}”` : `表达式在第 ${p + 1} 个字符处意外结束`),
    en: (t, p) =>
      t ? `expected a number, [indicator] or "(" at position ${p + 1}, found "${t}"` : `the expression ends early at position ${p + 1}`,
  },
  'missing-paren': {
    'zh-CN': (_t, p) => `第 ${p + 1} 个字符处的“(”缺少对应的“)”`,
    en: (_t, p) => `"(" at position ${p + 1} is never closed with ")"`,
  },
  'unexpected-token': {
    'zh-CN': (t, p) => `第 ${p + 1} 个字符处多余的“${t}”`,
    en: (t, p) => `unexpected "${t}" at position ${p + 1}`,
  },
  'comparison-in-expression': {
    'zh-CN': (t, p) => `第 ${p + 1} 个字符处的比较符“${t}”不能出现在分子、分母中`,
    en: (t, p) => `comparison "${t}" at position ${p + 1} is not allowed here`,
  },
  'no-comparison': {
    'zh-CN': () => '校验规则缺少比较符（= != < <= > >=）',
    en: () => 'the rule has no comparison (= != < <= > >=)',
  },
  'two-comparisons': {
    'zh-CN': (t, p) => `第 ${p + 1} 个字符处出现第二个比较符“${t}”，一条规则只能有一个比较`,
    en: (t, p) => `a second comparison "${t}" at position ${p + 1}; a rule holds exactly one`,
  },
  'too-long': {
    'zh-CN': (t) => `表达式长 ${t} 个字符，超过上限 ${MAX_EXPRESSION_LENGTH} 个字符，请拆分为几个指标`,
    en: (t) => `the expression is ${t} characters long, over the limit of ${MAX_EXPRESSION_LENGTH}; split it into several indicators`,
  },
  'too-deep': {
    'zh-CN': (_t, p) => `第 ${p + 1} 个字符处括号或正负号嵌套超过 ${MAX_EXPRESSION_NESTING} 层`,
    en: (_t, p) => `parentheses or signs nest more than ${MAX_EXPRESSION_NESTING} deep at position ${p + 1}`,
  },
};

/** Signs people type for the same operator. Every replacement keeps the string's length. */
const SIGNS: Readonly<Record<string, string>> = lookupTable({
  '−': '-',
  '–': '-',
  '×': '*',
  '÷': '/',
  '⩽': '≤',
  '⩾': '≥',
});

const TWO_CHAR_COMPARISONS = lookupTable<CompareOp>({ '<=': '<=', '>=': '>=', '==': '=', '!=': '!=', '<>': '!=' });
const ONE_CHAR_COMPARISONS = lookupTable<CompareOp>({ '<': '<', '>': '>', '=': '=', '≤': '<=', '≥': '>=', '≠': '!=' });

function normalise(text: string): string {
  let out = '';
  for (const ch of toHalfWidth(text)) out += SIGNS[ch] ?? ch;
  return out;
}

function fail(reason: Reason, source: string, pos: number, lang: Lang, found = ''): never {
  throw new ExpressionSyntaxError(REASONS[reason][lang](found, pos), source, pos);
}

function tokenize(source: string, lang: Lang): Token[] {
  if (source.length > MAX_EXPRESSION_LENGTH) fail('too-long', source, MAX_EXPRESSION_LENGTH, lang, String(source.length));
  const s = normalise(source);
  const tokens: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9.]/.test(ch)) {
      while (i < s.length && /[0-9.]/.test(s[i])) i++;
      const text = s.slice(start, i);
      if (!/^(\d+\.?\d*|\.\d+)$/.test(text)) fail('bad-number', source, start, lang, text);
      tokens.push({ kind: 'num', value: Number(text), pos: start, text });
      continue;
    }
    if (ch === '[') {
      const close = s.indexOf(']', i + 1);
      const open = s.indexOf('[', i + 1);
      if (close < 0 || (open >= 0 && open < close)) fail('unclosed-ref', source, start, lang);
      const name = s.slice(i + 1, close).trim();
      if (!name) fail('empty-ref', source, start, lang);
      tokens.push({ kind: 'ref', name, pos: start, text: s.slice(start, close + 1) });
      i = close + 1;
      continue;
    }
    if ('+-*/()'.includes(ch)) {
      tokens.push({ kind: 'op', op: ch as '+', pos: start, text: ch });
      i++;
      continue;
    }
    const two = s.slice(i, i + 2);
    if (TWO_CHAR_COMPARISONS[two]) {
      tokens.push({ kind: 'cmp', op: TWO_CHAR_COMPARISONS[two], pos: start, text: two });
      i += 2;
      continue;
    }
    if (ONE_CHAR_COMPARISONS[ch]) {
      tokens.push({ kind: 'cmp', op: ONE_CHAR_COMPARISONS[ch], pos: start, text: ch });
      i++;
      continue;
    }
    fail('unexpected-char', source, start, lang, ch);
  }
  tokens.push({ kind: 'end', pos: s.length, text: '' });
  return tokens;
}

class Parser {
  private at = 0;
  /** Parentheses and signs open around the current token. */
  private nesting = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
    private readonly lang: Lang,
  ) {}

  peek(): Token {
    return this.tokens[this.at];
  }

  advance(): void {
    this.at++;
  }

  fail(reason: Reason, token: Token): never {
    return fail(reason, this.source, token.pos, this.lang, token.text);
  }

  expression(): Expr {
    let left = this.term();
    for (let t = this.peek(); t.kind === 'op' && (t.op === '+' || t.op === '-'); t = this.peek()) {
      this.at++;
      left = { type: 'bin', op: t.op, left, right: this.term() };
    }
    return left;
  }

  term(): Expr {
    let left = this.unary();
    for (let t = this.peek(); t.kind === 'op' && (t.op === '*' || t.op === '/'); t = this.peek()) {
      this.at++;
      left = { type: 'bin', op: t.op, left, right: this.unary() };
    }
    return left;
  }

  unary(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && (t.op === '-' || t.op === '+')) {
      this.at++;
      this.enter(t);
      const operand = this.unary();
      this.nesting--;
      return t.op === '-' ? { type: 'neg', operand } : operand;
    }
    return this.primary();
  }

  /** One level deeper, at token t: refused beyond MAX_EXPRESSION_NESTING before the stack can run out. */
  private enter(t: Token): void {
    if (++this.nesting > MAX_EXPRESSION_NESTING) this.fail('too-deep', t);
  }

  primary(): Expr {
    const t = this.peek();
    if (t.kind === 'num') {
      this.at++;
      return { type: 'num', value: t.value };
    }
    if (t.kind === 'ref') {
      this.at++;
      return { type: 'ref', name: t.name };
    }
    if (t.kind === 'op' && t.op === '(') {
      this.at++;
      this.enter(t);
      const inner = this.expression();
      this.nesting--;
      const close = this.peek();
      if (close.kind === 'end' || close.kind === 'cmp') this.fail('missing-paren', t);
      if (!(close.kind === 'op' && close.op === ')')) this.fail('unexpected-token', close);
      this.at++;
      return inner;
    }
    return this.fail('expected-operand', t);
  }

  /** After a complete expression: anything but the end (or, for rules, one comparison) is an error. */
  expectEnd(allowComparison: boolean): void {
    const t = this.peek();
    if (t.kind === 'end') return;
    if (t.kind === 'cmp') this.fail(allowComparison ? 'two-comparisons' : 'comparison-in-expression', t);
    this.fail('unexpected-token', t);
  }
}

/**
 * Parses 分子/分母 text such as "[HTN_STD] / [HTN]" or "（[A]＋[B]）×100".
 * @throws ExpressionSyntaxError with the 0-based character position of the fault.
 */
export function parseExpression(text: string, lang: Lang = 'zh-CN'): Expr {
  const tokens = tokenize(text, lang);
  if (tokens.length === 1) fail('empty', text, 0, lang);
  const parser = new Parser(tokens, text, lang);
  const expr = parser.expression();
  parser.expectEnd(false);
  return expr;
}

/**
 * Parses a 校验规则 表达式: exactly one comparison between two expressions, e.g. "[A] + [B] <= [C]".
 * @throws ExpressionSyntaxError with the 0-based character position of the fault.
 */
export function parseComparison(text: string, lang: Lang = 'zh-CN'): { left: Expr; op: CompareOp; right: Expr } {
  const tokens = tokenize(text, lang);
  if (tokens.length === 1) fail('empty', text, 0, lang);
  if (!tokens.some((t) => t.kind === 'cmp')) fail('no-comparison', text, 0, lang);
  const parser = new Parser(tokens, text, lang);
  const left = parser.expression();
  const t = parser.peek();
  if (t.kind !== 'cmp') return parser.fail('unexpected-token', t);
  const op = t.op;
  parser.advance();
  const right = parser.expression();
  parser.expectEnd(true);
  return { left, op, right };
}

/** Indicator references in order of appearance, each once: resolved codes where set, else names. */
export function references(expr: Expr): string[] {
  const out: string[] = [];
  const walk = (e: Expr): void => {
    if (e.type === 'ref') {
      const key = e.code ?? e.name;
      if (!out.includes(key)) out.push(key);
    } else if (e.type === 'neg') walk(e.operand);
    else if (e.type === 'bin') {
      walk(e.left);
      walk(e.right);
    }
  };
  walk(expr);
  return out;
}

/** The value of expr; null when any indicator it reads is null or on division by zero. */
export function evaluate(expr: Expr, value: (code: string) => number | null): number | null {
  switch (expr.type) {
    case 'num':
      return expr.value;
    case 'ref':
      return value(expr.code ?? expr.name);
    case 'neg': {
      const v = evaluate(expr.operand, value);
      return v === null ? null : -v;
    }
    case 'bin': {
      // A sum of many terms leans left ((([A] + [B]) + [C]) + …): walked down its left side by a loop,
      // so only nesting, which parsing bounds, costs stack.
      const chain: Extract<Expr, { type: 'bin' }>[] = [];
      let e: Expr = expr;
      while (e.type === 'bin') {
        chain.push(e);
        e = e.left;
      }
      let l = evaluate(e, value);
      for (let k = chain.length - 1; k >= 0 && l !== null; k--) {
        const { op, right } = chain[k];
        const r = evaluate(right, value);
        if (r === null || (op === '/' && r === 0)) return null;
        const v = op === '+' ? l + r : op === '-' ? l - r : op === '*' ? l * r : l / r;
        l = Number.isFinite(v) ? v : null;
      }
      return l;
    }
  }
}

/**
 * The first divisor in expr that reads no indicator and is 0 — "[A] / 0", "[A] / (1 - 1)" — or that
 * itself divides by such a zero; null when there is none. Such a definition can never give a value.
 */
export function constantZeroDivisor(expr: Expr): Expr | null {
  switch (expr.type) {
    case 'num':
    case 'ref':
      return null;
    case 'neg':
      return constantZeroDivisor(expr.operand);
    case 'bin': {
      const inner = constantZeroDivisor(expr.left) ?? constantZeroDivisor(expr.right);
      if (inner !== null) return inner;
      if (expr.op === '/' && references(expr.right).length === 0 && evaluate(expr.right, () => null) === 0) return expr.right;
      return null;
    }
  }
}

/**
 * left op right, where differences within tolerance (absolute) count as equal, and so do differences
 * within a relative 1e-9: 131.1 + 20.2 = 151.3 holds even with no tolerance.
 */
export function compare(left: number, op: CompareOp, right: number, tolerance: number | null): boolean {
  const slack = (tolerance ?? 0) + 1e-9 * Math.max(1, Math.abs(left), Math.abs(right));
  const d = left - right;
  switch (op) {
    case '=':
      return Math.abs(d) <= slack;
    case '!=':
      return Math.abs(d) > slack;
    case '<':
      return d < -slack;
    case '<=':
      return d <= slack;
    case '>':
      return d > slack;
    case '>=':
      return d >= -slack;
  }
}

const PRECEDENCE = { '+': 1, '-': 1, '*': 2, '/': 2 } as const;

/** The expression as text for messages, with only the parentheses it needs: "([A] + [B]) / [C] * 100". */
export function formatExpression(expr: Expr): string {
  const fmt = (e: Expr, parent: number, rightSide: boolean): string => {
    switch (e.type) {
      case 'num':
        return String(e.value);
      case 'ref':
        return `[${e.name}]`;
      case 'neg': {
        const inner = fmt(e.operand, 3, false);
        return `-${inner}`;
      }
      case 'bin': {
        const p = PRECEDENCE[e.op];
        const text = `${fmt(e.left, p, false)} ${e.op} ${fmt(e.right, p, true)}`;
        return p < parent || (rightSide && p === parent) ? `(${text})` : text;
      }
    }
  };
  return fmt(expr, 0, false);
}

/** A comparison as text for messages: "[A] + [B] <= [C]". */
export function formatComparison(left: Expr, op: CompareOp, right: Expr): string {
  return `${formatExpression(left)} ${op} ${formatExpression(right)}`;
}
