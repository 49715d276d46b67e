// The tokenizer's in-place number reading: the same number Number() gives for the text of a <v>, or
// NaN with nothing consumed, so the text is then read as text and checked as before.
import { CLOSE, EOF, OPEN, XmlTokenizer } from '../../src/cli/xmlTokenizer';

/** Opens <v> in <c><v>text</v></c> and returns the tokenizer there. */
function atV(text: string): XmlTokenizer {
  const x = new XmlTokenizer(`<c><v>${text}</v></c>`, 'sheet1.xml');
  expect(x.next()).toBe(OPEN);
  expect(x.next()).toBe(OPEN);
  expect(x.is('v')).toBe(true);
  return x;
}

/** After <v>'s end tag: the end of <c>, then of the part. */
function expectRestRead(x: XmlTokenizer): void {
  expect(x.next()).toBe(CLOSE);
  expect(x.is('c')).toBe(true);
  expect(x.next()).toBe(EOF);
}

describe('XmlTokenizer.readDecimal', () => {
  it.each(['0', '-0', '12', '007', '1.', '.5', '-0.125', '0.1', '2.675', '123456789012345', '1234567890.12345', '99.99', '-1830', '0.00000000000001'])(
    'reads %s as Number() does, and its end tag with it',
    (text) => {
      const x = atV(text);
      expect(Object.is(x.readDecimal(), Number(text))).toBe(true);
      expect(x.lastDecimalText()).toBe(text);
      expectRestRead(x);
    },
  );

  it('agrees with Number() on many random decimals', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let k = 0; k < 20000; k++) {
      const whole = String(Math.floor(random() * 10 ** Math.floor(random() * 9)));
      const digits = Math.floor(random() * 7);
      const fraction = digits === 0 ? '' : `.${String(Math.floor(random() * 10 ** digits)).padStart(digits, '0')}`;
      const text = `${random() < 0.2 ? '-' : ''}${whole}${fraction}`;
      const x = atV(text);
      const read = x.readDecimal();
      if (!Object.is(read, Number(text))) throw new Error(`${text}: ${read} where Number() gives ${Number(text)}`);
    }
  });

  it.each(['1e5', ' 12', '12 ', '+5', '1,5', '&#49;', '12<!-- c -->', '1234567890123456', '0.000000000000001', '', '-', '.', '1.2.3', 'abc', '<![CDATA[1]]>'])(
    'leaves "%s" to readText, consuming nothing',
    (text) => {
      const x = atV(text);
      expect(x.readDecimal()).toBeNaN();
      const again = new XmlTokenizer(`<c><v>${text}</v></c>`, 'sheet1.xml');
      again.next();
      again.next();
      expect(x.readText()).toBe(again.readText());
      expectRestRead(x);
    },
  );

  it('leaves a self-closing <v/> to readText', () => {
    const x = new XmlTokenizer('<c><v/></c>', 'sheet1.xml');
    x.next();
    x.next();
    expect(x.readDecimal()).toBeNaN();
    expect(x.readText()).toBe('');
    expectRestRead(x);
  });

  it('still refuses an end tag that does not close <v>', () => {
    const x = atV('12</w><v>');
    expect(() => x.readDecimal()).toThrow(/<\/w> closes <v>/);
  });
});
