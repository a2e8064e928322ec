/**
 * RFC 4180 CSV cells, safe to open in a spreadsheet: text starting with = + - @ (or a tab / CR) is
 * prefixed with an apostrophe so Excel and Sheets treat it as text, never as a formula (CSV injection).
 */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: CsvValue[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** Excel opens UTF-8 CSV as UTF-8 only with a byte-order mark; without it "Zoë" becomes mojibake. */
export const UTF8_BOM = '\uFEFF';
