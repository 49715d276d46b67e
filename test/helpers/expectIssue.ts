// Finding issues the way a statistician describes them: "a placeholder error at 桃源镇!F5 about
// CATARACT that quotes XX". expectIssue fails with the issues that came closest, so a failing test says
// what was found instead.
import { parseAddress } from '../../src/engine/normalize';
import type { Issue, IssueCode, Severity } from '../../src/engine/types';

/** What an issue must be; every field given must hold, fields left out are not checked. */
export interface IssuePattern {
  severity?: Severity;
  code?: IssueCode;
  sheet?: string | null;
  /** Exact A1 address (a cell such as "D7", or a row range such as "A7:K7"). */
  cell?: string | null;
  /** 1-based row the issue's cell starts in, when the exact address does not matter. */
  row?: number;
  indicator?: string | null;
  rule?: string | null;
  source?: string;
  /** Texts the message must contain (in the language the run used). */
  mentions?: string[];
  /** Texts the message must not contain. */
  notMentions?: string[];
  /** Row numbers the message must name, as whole numbers ("B7", "第7行", "row 7" all name row 7). */
  mentionsRows?: number[];
}

const namesNumber = (text: string, n: number): boolean => new RegExp(`(?<![0-9.])${n}(?![0-9])`).test(text);

function rowOf(cell: string | null): number | null {
  if (!cell) return null;
  try {
    return parseAddress(cell.split(':')[0]).row + 1;
  } catch {
    return null;
  }
}

/** Whether one issue fits the pattern. */
export function matchesIssue(i: Issue, p: IssuePattern): boolean {
  if (p.severity !== undefined && i.severity !== p.severity) return false;
  if (p.code !== undefined && i.code !== p.code) return false;
  if (p.sheet !== undefined && i.sheet !== p.sheet) return false;
  if (p.cell !== undefined && i.cell !== p.cell) return false;
  if (p.row !== undefined && rowOf(i.cell) !== p.row) return false;
  if (p.indicator !== undefined && i.indicator !== p.indicator) return false;
  if (p.rule !== undefined && i.rule !== p.rule) return false;
  if (p.source !== undefined && i.source !== p.source) return false;
  if (p.mentions && !p.mentions.every((t) => i.message.includes(t))) return false;
  if (p.notMentions && p.notMentions.some((t) => i.message.includes(t))) return false;
  if (p.mentionsRows && !p.mentionsRows.every((n) => namesNumber(i.message, n))) return false;
  return true;
}

export function findIssues(issues: readonly Issue[], p: IssuePattern): Issue[] {
  return issues.filter((i) => matchesIssue(i, p));
}

/** One line per issue, for failure messages. */
export function describeIssue(i: Issue): string {
  const where = `${i.source ? `[${i.source}]` : ''}${i.sheet ?? '-'}!${i.cell ?? '-'}`;
  return `${i.severity} ${i.code} ${where} ${i.indicator ?? ''}${i.rule ? ` rule=${i.rule}` : ''} — ${i.message}`;
}

export function describePattern(p: IssuePattern): string {
  return JSON.stringify(p);
}

/** Issues sharing the pattern's code or place: what a failing test shows as "found instead". */
function nearest(issues: readonly Issue[], p: IssuePattern): Issue[] {
  const near = issues.filter(
    (i) =>
      (p.code !== undefined && i.code === p.code) ||
      (p.sheet !== undefined && i.sheet === p.sheet && ((p.cell !== undefined && i.cell === p.cell) || (p.row !== undefined && rowOf(i.cell) === p.row))),
  );
  return (near.length > 0 ? near : issues).slice(0, 15);
}

/** The one issue matching the pattern; fails listing the nearest issues when none does. */
export function expectIssue(issues: readonly Issue[], p: IssuePattern): Issue {
  const hits = findIssues(issues, p);
  if (hits.length === 0) {
    const found = nearest(issues, p).map(describeIssue);
    throw new Error(
      `Expected an issue ${describePattern(p)}\nbut none matched. Nearest of ${issues.length} issue(s):\n  ${found.join('\n  ') || '(none)'}`,
    );
  }
  return hits[0];
}

/** Fails, naming them, when any issue matches the pattern. */
export function expectNoIssue(issues: readonly Issue[], p: IssuePattern): void {
  const hits = findIssues(issues, p);
  if (hits.length > 0) {
    throw new Error(`Expected no issue ${describePattern(p)}\nbut found:\n  ${hits.map(describeIssue).join('\n  ')}`);
  }
}

/**
 * Every issue of the given severities must match one of the patterns: nothing unexpected was
 * reported. Fails listing the unexpected ones.
 */
export function expectOnlyListed(
  issues: readonly Issue[],
  patterns: readonly IssuePattern[],
  severities: readonly Severity[] = ['error', 'warning'],
): void {
  const unexpected = issues.filter((i) => severities.includes(i.severity) && !patterns.some((p) => matchesIssue(i, p)));
  if (unexpected.length > 0) {
    throw new Error(`Unexpected ${severities.join('/')} issue(s):\n  ${unexpected.map(describeIssue).join('\n  ')}`);
  }
}
