/**
 * One CSV field (RFC 4180): numbers as JavaScript prints them (NaN and infinities empty, as most
 * readers expect a missing value), objects as JSON, and quotes around anything with a comma, quote
 * or line break. Text a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a
 * tab or a carriage return: a label such as `=HYPERLINK(...)`) is neutralised as OWASP recommends,
 * with a leading `'`; numbers, and text that is a plain number such as `-1.5`, stay as they are.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const raw = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const text = FORMULA_START.test(raw) && !PLAIN_NUMBER.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** First characters that make a spreadsheet cell a formula (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A decimal number as text (`-1.5`, `+2e-3`): safe, and must stay a number for readers. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** One CSV line (no line break) of `row`'s values in `columns` order. */
export function csvLine(row: Record<string, unknown>, columns: readonly string[]): string {
  return columns.map((c) => csvField(row[c])).join(',');
}

/** A whole CSV text: the header, then one line per row, each ending in a line break. */
export function rowsToCsv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  return [columns.map(csvField).join(','), ...rows.map((r) => csvLine(r, columns))].join('\n') + '\n';
}
