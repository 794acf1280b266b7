/**
 * Python's text forms, so our CSVs match what Locust's `csv.writer` produces byte for byte:
 * `repr(float)`, `'{:2f}'.format(x)` and the excel dialect (minimal quoting, CRLF line ends).
 */

/** A cell as Locust would have it: a Python int, a Python float, or text. */
export type Cell = { int: number } | { float: number } | string;

export const int = (value: number): Cell => ({ int: Math.trunc(value) });
export const float = (value: number): Cell => ({ float: value });

/** Python's `repr(float)`: shortest round-trip digits, always a `.0` or an exponent. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  // Stryker disable next-line EqualityOperator: x is +/-Infinity here (NaN is handled above), never 0
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e16 || abs < 1e-4) {
    // JS: "1.5e-7" / "1e+16"; Python: "1.5e-07" / "1e+16" (at least two exponent digits).
    return x.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  const text = String(x);
  return text.includes('.') ? text : `${text}.0`;
}

/**
 * Python's `'{:2f}'.format(x)`: fixed, 6 decimals, width 2. Python rounds the exact binary value
 * half to even; JS `toFixed` rounds exact ties up, so ties are settled here.
 */
export function pyFixed6(x: number): string {
  if (!Number.isFinite(x)) return pyFloatRepr(x);
  let text = x.toFixed(6);
  const exact = Math.abs(x).toFixed(100).replace(/0+$/, '');
  const decimals = exact.length - exact.indexOf('.') - 1;
  // Stryker disable next-line StringLiteral: an exact binary value with 7 decimals is a multiple of 2^-7, so it always ends in 5
  if (decimals === 7 && exact.endsWith('5')) {
    // An exact tie at the 7th decimal: round half to even.
    const down = exact.slice(0, -1);
    const lastDigit = Number(down[down.length - 1]);
    // Stryker disable next-line EqualityOperator: 0 is never a tie, so x <= 0 and x < 0 agree here
    if (lastDigit % 2 === 0) text = (x < 0 ? '-' : '') + down;
  }
  // Stryker disable next-line StringLiteral: every text here (six decimals, inf, nan) is at least 2 characters, so nothing is padded
  return text.padStart(2, ' ');
}

/** Text of one cell. */
export function cellText(cell: Cell): string {
  if (typeof cell === 'string') return cell;
  if ('int' in cell) return String(cell.int);
  return pyFloatRepr(cell.float);
}

/** One row in the excel dialect: quote only cells holding a comma, quote, CR or LF; CRLF end. */
export function csvRow(cells: Cell[]): string {
  const texts = cells.map(cellText);
  if (texts.length === 1 && texts[0] === '') return '""\r\n';
  return `${texts.map(quote).join(',')}\r\n`;
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
