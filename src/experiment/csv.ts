/**
 * One CSV field (RFC 4180): numbers as JavaScript prints them (NaN and infinities empty, as most
 * readers expect a missing value), objects as JSON, and quotes around anything with a comma, quote
 * or line break.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (no line break) of `row`'s values in `columns` order. */
export function csvLine(row: Record<string, unknown>, columns: readonly string[]): string {
  return columns.map((c) => csvField(row[c])).join(',');
}

/** A whole CSV text: the header, then one line per row, each ending in a line break. */
export function rowsToCsv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  return [columns.map(csvField).join(','), ...rows.map((r) => csvLine(r, columns))].join('\n') + '\n';
}
