// A pull tokenizer for the XML an .xlsx holds, read the way an XML parser reads it: prefixed names
// (<x:row> as well as <row>), either quote style, comments, CDATA, processing instructions, the five
// named entities and numeric references, end tags matched against their start tags, and a document
// that must end where its root element ends. DOCTYPE is refused (OOXML never has one; entity expansion
// is how small files take a machine). One pass over the string, no object per element: names and
// attributes are kept as offsets into the text, and only the values asked for become strings.
import { PackageDamageError } from './packageDamage';

export const OPEN = 1;
export const CLOSE = 2;
export const EOF = 3;
export type Token = typeof OPEN | typeof CLOSE | typeof EOF;

const LT = 60; // <
const GT = 62; // >
const SLASH = 47;
const EQ = 61;
const QUOT = 34;
const APOS = 39;
const COLON = 58;
const BANG = 33;
const QUESTION = 63;

/**
 * OOXML nests a dozen elements deep and gives an element a few dozen attributes; a part that goes far
 * past that is built to make the offset arrays below take the machine's memory.
 */
export const MAX_DEPTH = 256;
export const MAX_ATTRIBUTES = 1024;

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

const NAMED = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** 10⁰ … 10²²: every one exactly a double. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_v, k) => Number(`1e${k}`));

/** Where attrInPlace() found a value: one object for the whole run, since it runs once per cell. */
export const attrSpan = { text: '', start: 0, end: 0 };

export class XmlTokenizer {
  private pos = 0;
  private textStart = 0;
  private textEnd = 0;
  /** Elements open above the current position (the root is depth 1 once opened). */
  depth = 0;
  private readonly openStart: number[] = [];
  private readonly openEnd: number[] = [];
  private pendingClose = false;
  private sawRoot = false;

  // The current element's qualified name and local name, as offsets.
  private nameStart = 0;
  private localStart = 0;
  private nameEnd = 0;

  // The current start tag's attributes, as offsets; reused from tag to tag.
  private attrCount = 0;
  private readonly attrNameStart: number[] = [];
  private readonly attrLocalStart: number[] = [];
  private readonly attrNameEnd: number[] = [];
  private readonly attrValueStart: number[] = [];
  private readonly attrValueEnd: number[] = [];

  constructor(
    private readonly xml: string,
    /** The part's name, for errors. */
    readonly part: string,
  ) {}

  fail(what: string): PackageDamageError {
    return new PackageDamageError({ kind: 'xml', part: this.part, at: `${what} at character ${this.pos}` });
  }

  /** Whether the element just opened is self-closing (<c r="A1"/>): its CLOSE comes next. */
  get selfClosing(): boolean {
    return this.pendingClose;
  }

  /** Whether the current element's local name (its prefix left aside) is local. */
  is(local: string): boolean {
    return this.nameEnd - this.localStart === local.length && this.xml.startsWith(local, this.localStart);
  }

  /** The current element's local name (allocates; for messages and rare paths). */
  localName(): string {
    return this.xml.slice(this.localStart, this.nameEnd);
  }

  /**
   * The next start or end of an element (a self-closing one gives both), or EOF. Text between elements
   * is passed over; readText() reads the text of an element that holds text.
   */
  next(): Token {
    if (this.pendingClose) {
      this.pendingClose = false;
      this.attrCount = 0;
      return CLOSE;
    }
    const xml = this.xml;
    for (;;) {
      const lt = xml.indexOf('<', this.pos);
      if (lt < 0) return this.end();
      this.pos = lt;
      const c = xml.charCodeAt(lt + 1);
      if (c === SLASH) return this.endTag();
      if (c === BANG || c === QUESTION) {
        this.skipMarkup();
        continue;
      }
      return this.startTag();
    }
  }

  /** Passes over the rest of the element just opened, checking it as it goes. */
  skipElement(): void {
    if (this.pendingClose) {
      this.next();
      return;
    }
    const outside = this.depth - 1;
    while (this.depth > outside) this.next();
  }

  /**
   * The text of the element just opened (entities decoded, CDATA kept, comments left out), consuming
   * its end tag. An element inside it is damage: the text elements of a sheet hold none.
   */
  readText(): string {
    if (this.pendingClose) {
      this.pendingClose = false;
      return '';
    }
    const xml = this.xml;
    let out = '';
    for (;;) {
      const lt = xml.indexOf('<', this.pos);
      if (lt < 0) {
        this.pos = xml.length;
        throw this.fail(`text of <${this.openName()}> not closed`);
      }
      if (lt > this.pos) out += this.decode(xml.slice(this.pos, lt), false);
      this.pos = lt;
      const c = xml.charCodeAt(lt + 1);
      if (c === SLASH) {
        this.endTag();
        return out;
      }
      if (c === BANG && xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        if (end < 0) throw this.fail('CDATA not closed');
        out += xml.slice(lt + 9, end);
        this.pos = end + 3;
        continue;
      }
      if (c === BANG || c === QUESTION) {
        this.skipMarkup();
        continue;
      }
      throw this.fail(`element inside the text of <${this.openName()}>`);
    }
  }

  /**
   * The text of the element just opened as a number, when that text is a plain decimal ("12", "-0.5",
   * ".25"; no exponent, sign other than minus, space, entity or markup; at most 15 digits) directly
   * followed by its end tag, which is consumed as readText() consumes it. NaN otherwise, with nothing
   * consumed: the caller reads the text with readText(). A cell's value is nearly always such a text,
   * and reading it in place spares a string per cell. The number is the one Number() gives for the
   * text: up to 15 digits are held exactly and divided once by an exact power of ten, which rounds
   * correctly.
   */
  readDecimal(): number {
    if (this.pendingClose) return NaN;
    const xml = this.xml;
    let p = this.pos;
    const negative = xml.charCodeAt(p) === 45;
    if (negative) p++;
    let mantissa = 0;
    let digits = 0;
    let fraction = -1;
    for (;; p++) {
      const c = xml.charCodeAt(p);
      if (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        if (fraction >= 0) fraction++;
      } else if (c === 46 && fraction < 0) {
        fraction = 0;
      } else if (c === LT) {
        break;
      } else {
        return NaN;
      }
    }
    if (digits === 0 || digits > 15 || xml.charCodeAt(p + 1) !== SLASH) return NaN;
    this.textStart = this.pos;
    this.textEnd = p;
    this.pos = p;
    this.endTag();
    const value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
    return negative ? -value : value;
  }

  /** The text readDecimal() last read, as written (for messages). */
  lastDecimalText(): string {
    return this.xml.slice(this.textStart, this.textEnd);
  }

  /**
   * Where the value of the current element's unprefixed attribute local lies in the text, as
   * [start, end) in attrSpan, when it holds no entity reference (so reads the same in place as
   * decoded); false when it is absent or holds one (read it with attr()).
   */
  attrInPlace(local: string): boolean {
    const i = this.attrIndex(local, false);
    if (i < 0) return false;
    const start = this.attrValueStart[i];
    const end = this.attrValueEnd[i];
    for (let p = start; p < end; p++) if (this.xml.charCodeAt(p) === 38) return false;
    attrSpan.text = this.xml;
    attrSpan.start = start;
    attrSpan.end = end;
    return true;
  }

  /** The value of the current element's unprefixed attribute local, or null. */
  attr(local: string): string | null {
    const i = this.attrIndex(local, false);
    return i < 0 ? null : this.attrValue(i);
  }

  /** The value of a prefixed attribute (r:id, xml:space) by its local name; xmlns declarations left out. */
  prefixedAttr(local: string): string | null {
    const i = this.attrIndex(local, true);
    return i < 0 ? null : this.attrValue(i);
  }

  /** Whether an unprefixed attribute is present and equal to value, without making a string of it. */
  attrIs(local: string, value: string): boolean {
    const i = this.attrIndex(local, false);
    if (i < 0) return false;
    const start = this.attrValueStart[i];
    const end = this.attrValueEnd[i];
    if (end - start === value.length && this.xml.startsWith(value, start)) return true;
    for (let p = start; p < end; p++) if (this.xml.charCodeAt(p) === 38) return this.attrValue(i) === value;
    return false;
  }

  /** A non-negative integer attribute read in place; -1 when absent, NaN when not an integer. */
  attrInt(local: string): number {
    const i = this.attrIndex(local, false);
    if (i < 0) return -1;
    const start = this.attrValueStart[i];
    const end = this.attrValueEnd[i];
    let n = 0;
    for (let p = start; p < end; p++) {
      const c = this.xml.charCodeAt(p) - 48;
      if (c < 0 || c > 9) {
        const v = this.attrValue(i).trim();
        return /^\d+$/.test(v) ? Number(v) : NaN;
      }
      n = n * 10 + c;
    }
    return end > start ? n : NaN;
  }

  // ------------------------------------------------------------------------------------------

  private attrIndex(local: string, prefixed: boolean): number {
    const xml = this.xml;
    for (let i = 0; i < this.attrCount; i++) {
      const ls = this.attrLocalStart[i];
      if (this.attrNameEnd[i] - ls !== local.length || !xml.startsWith(local, ls)) continue;
      const hasPrefix = ls > this.attrNameStart[i];
      if (hasPrefix !== prefixed) continue;
      if (hasPrefix && xml.startsWith('xmlns:', this.attrNameStart[i])) continue;
      return i;
    }
    return -1;
  }

  private attrValue(i: number): string {
    return this.decode(this.xml.slice(this.attrValueStart[i], this.attrValueEnd[i]), true);
  }

  private openName(): string {
    const d = this.depth - 1;
    return d >= 0 ? this.xml.slice(this.openStart[d], this.openEnd[d]) : '';
  }

  private end(): Token {
    this.pos = this.xml.length;
    if (this.depth > 0) throw this.fail(`<${this.openName()}> not closed before the end of the part`);
    if (!this.sawRoot) throw this.fail('no root element');
    return EOF;
  }

  /** <!-- -->, <?…?>, a CDATA section outside text; DOCTYPE and anything else is refused. */
  private skipMarkup(): void {
    const xml = this.xml;
    const at = this.pos;
    let close: string;
    let from: number;
    if (xml.startsWith('<!--', at)) {
      close = '-->';
      from = at + 4;
    } else if (xml.startsWith('<?', at)) {
      close = '?>';
      from = at + 2;
    } else if (xml.startsWith('<![CDATA[', at)) {
      if (this.depth === 0) throw this.fail('CDATA outside the root element');
      close = ']]>';
      from = at + 9;
    } else if (xml.startsWith('<!DOCTYPE', at)) {
      throw this.fail('DOCTYPE (not allowed in a workbook)');
    } else {
      throw this.fail('unknown markup');
    }
    const end = xml.indexOf(close, from);
    if (end < 0) throw this.fail(`${close} missing`);
    this.pos = end + close.length;
  }

  /** Reads a name from pos; returns its end, with the local part's start in localStart. */
  private scanName(from: number): number {
    const xml = this.xml;
    let p = from;
    this.localStart = from;
    for (;;) {
      const c = xml.charCodeAt(p);
      if (c !== c || isSpace(c) || c === GT || c === SLASH || c === EQ || c === LT || c === QUOT || c === APOS) break;
      if (c === COLON) this.localStart = p + 1;
      p++;
    }
    if (p === from || this.localStart === p) throw this.fail('name expected');
    return p;
  }

  private startTag(): Token {
    const xml = this.xml;
    if (this.depth === 0 && this.sawRoot) throw this.fail('a second root element');
    this.nameStart = this.pos + 1;
    this.nameEnd = this.scanName(this.nameStart);
    const localStart = this.localStart;
    let p = this.nameEnd;
    let count = 0;
    for (;;) {
      const spaceStart = p;
      while (isSpace(xml.charCodeAt(p))) p++;
      const c = xml.charCodeAt(p);
      if (c === GT) {
        p++;
        break;
      }
      if (c === SLASH) {
        if (xml.charCodeAt(p + 1) !== GT) throw this.fail('/> expected');
        p += 2;
        this.pendingClose = true;
        break;
      }
      if (c !== c) {
        this.pos = p;
        throw this.fail(`<${xml.slice(this.nameStart, this.nameEnd)} not closed`);
      }
      if (p === spaceStart) throw this.fail('space expected between attributes');
      if (count === MAX_ATTRIBUTES) throw this.fail(`more than ${MAX_ATTRIBUTES} attributes`);
      const nameEnd = this.scanName(p);
      this.attrNameStart[count] = p;
      this.attrLocalStart[count] = this.localStart;
      this.attrNameEnd[count] = nameEnd;
      p = nameEnd;
      while (isSpace(xml.charCodeAt(p))) p++;
      if (xml.charCodeAt(p) !== EQ) throw this.fail('= expected');
      p++;
      while (isSpace(xml.charCodeAt(p))) p++;
      const q = xml.charCodeAt(p);
      if (q !== QUOT && q !== APOS) throw this.fail('quoted attribute value expected');
      const close = xml.indexOf(q === QUOT ? '"' : "'", p + 1);
      if (close < 0) throw this.fail('attribute value not closed');
      for (let v = p + 1; v < close; v++) if (xml.charCodeAt(v) === LT) throw this.fail('< in an attribute value');
      this.attrValueStart[count] = p + 1;
      this.attrValueEnd[count] = close;
      count++;
      p = close + 1;
    }
    this.attrCount = count;
    this.localStart = localStart;
    this.pos = p;
    this.sawRoot = true;
    if (!this.pendingClose) {
      if (this.depth === MAX_DEPTH) throw this.fail(`elements nested more than ${MAX_DEPTH} deep`);
      this.openStart[this.depth] = this.nameStart;
      this.openEnd[this.depth] = this.nameEnd;
      this.depth++;
    }
    return OPEN;
  }

  private endTag(): Token {
    const xml = this.xml;
    const d = this.depth - 1;
    if (d < 0) throw this.fail('end tag without a start tag');
    const start = this.pos + 2;
    const end = this.scanName(start);
    const openStart = this.openStart[d];
    const openLength = this.openEnd[d] - openStart;
    let same = end - start === openLength;
    for (let k = 0; same && k < openLength; k++) same = xml.charCodeAt(start + k) === xml.charCodeAt(openStart + k);
    if (!same) throw this.fail(`</${xml.slice(start, end)}> closes <${xml.slice(openStart, openStart + openLength)}>`);
    let p = end;
    while (isSpace(xml.charCodeAt(p))) p++;
    if (xml.charCodeAt(p) !== GT) throw this.fail('> expected');
    this.nameStart = start;
    this.nameEnd = end;
    this.pos = p + 1;
    this.depth = d;
    this.attrCount = 0;
    return CLOSE;
  }

  /** Entities and references decoded; line ends normalised; in attributes, whitespace as spaces (XML 1.0 §2.11, §3.3.3). */
  private decode(raw: string, attribute: boolean): string {
    // One look at each character decides whether there is anything to do (almost always not).
    let special = false;
    for (let i = 0; i < raw.length && !special; i++) {
      const c = raw.charCodeAt(i);
      special = c === 38 || c === 13 || (attribute && (c === 9 || c === 10));
    }
    if (!special) return raw;
    let text = raw;
    if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
    if (attribute) text = text.replace(/[\t\n]/g, ' ');
    if (!text.includes('&')) return text;
    let out = '';
    let from = 0;
    for (;;) {
      const amp = text.indexOf('&', from);
      if (amp < 0) return out + text.slice(from);
      const semi = text.indexOf(';', amp);
      if (semi < 0 || semi - amp > 10) throw this.fail('& not part of an entity');
      out += text.slice(from, amp);
      const name = text.slice(amp + 1, semi);
      if (name.charCodeAt(0) === 35) {
        const hex = name.charCodeAt(1) === 120;
        const digits = name.slice(hex ? 2 : 1);
        if (!(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) throw this.fail(`&${name}; is not a character reference`);
        const code = parseInt(digits, hex ? 16 : 10);
        if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw this.fail(`&${name}; is not a character`);
        out += String.fromCodePoint(code);
      } else {
        const named = NAMED.get(name);
        if (named === undefined) throw this.fail(`&${name}; is not an XML entity`);
        out += named;
      }
      from = semi + 1;
    }
  }
}
