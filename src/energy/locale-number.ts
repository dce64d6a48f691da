/**
 * Reads a number as perf prints it under any locale: `19.63`, `2,306.32` (thousands grouping),
 * `7,001451818` (decimal comma), `1.234,56` (German grouping), `1,234,567` (grouped integer).
 *
 * perf formats with the C library's locale, so the same log can mix styles when a wrapper script
 * changed `LC_NUMERIC` halfway (the seed's Figure 1 does). The rule, in order:
 * - both `,` and `.` present: the last one is the decimal separator, the other groups thousands;
 * - only `,` and every group after the first has exactly three digits: grouping (`1,234`);
 * - a single `,` otherwise: a decimal comma (`7,001451818`, `70,88`);
 * - several `.` with three-digit groups: grouping (`1.234.567`).
 *
 * The one ambiguous case, `1,234`, is read as grouping because perf prints energies with two
 * decimals and timestamps with nine, so a decimal comma followed by exactly three digits does not
 * occur in its output.
 *
 * @returns the number, or `undefined` when `token` is not a number in any of these styles.
 */
export function parseLocaleNumber(token: string): number | undefined {
  const s = token.trim();
  let sign = 1;
  let body = s;
  if (body.startsWith('-')) {
    sign = -1;
    body = body.slice(1);
  } else if (body.startsWith('+')) {
    body = body.slice(1);
  }
  if (!/^[0-9][0-9.,]*$/.test(body) || /[.,]$/.test(body)) return undefined;
  const lastComma = body.lastIndexOf(',');
  const lastDot = body.lastIndexOf('.');
  let normalised: string;
  if (lastComma >= 0 && lastDot >= 0) {
    const decimal = lastComma > lastDot ? ',' : '.';
    const group = decimal === ',' ? '.' : ',';
    const cut = body.lastIndexOf(decimal);
    const intPart = body.slice(0, cut);
    const frac = body.slice(cut + 1);
    if (frac.includes(group) || frac.includes(decimal) || !isGrouped(intPart, group)) return undefined;
    normalised = intPart.split(group).join('') + '.' + frac;
  } else if (lastComma >= 0) {
    if (isGrouped(body, ',')) normalised = body.split(',').join('');
    else if (body.indexOf(',') === lastComma) normalised = body.replace(',', '.');
    else return undefined;
  } else if (lastDot >= 0) {
    if (body.indexOf('.') === lastDot) normalised = body;
    else if (isGrouped(body, '.')) normalised = body.split('.').join('');
    else return undefined;
  } else {
    normalised = body;
  }
  const v = Number(normalised);
  return Number.isFinite(v) ? sign * v : undefined;
}

/** True when `s` is digits grouped by `sep` in threes (`1,234,567`); a lone group counts too. */
function isGrouped(s: string, sep: string): boolean {
  const parts = s.split(sep);
  if (parts.length === 1) return /^[0-9]+$/.test(s);
  return /^[0-9]{1,3}$/.test(parts[0]) && parts.slice(1).every((p) => /^[0-9]{3}$/.test(p));
}
