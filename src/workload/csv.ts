import { InputError, excerpt } from '../errors.js';

/**
 * Reads the per-second counts of a rate-trace CSV: a header naming the column (`rps` by default, as
 * in IPA's traces with `t_s,rps,...`, or a single unnamed-value column), then one row per second.
 * Browser-safe: takes the text, not a path. A bad row throws an {@link InputError} naming its line.
 */
export function parseRateCsv(text: string, options: { column?: string; source?: string } = {}): number[] {
  const source = options.source ?? 'trace';
  // Line by line without splitting the whole text into an array of lines: the full Twitter trace
  // has 1.9 M of them, and holding them all at once took over 150 MB.
  let pos = 0;
  const nextLine = (): string | undefined => {
    if (pos > text.length) return undefined;
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end > pos && text.charCodeAt(end - 1) === 13 && end < text.length ? end - 1 : end);
    pos = end + 1;
    return line;
  };
  const first = nextLine() ?? '';
  const header = first.split(',').map((h) => h.trim());
  let col = header.indexOf(options.column ?? 'rps');
  if (col < 0) {
    if (header.length === 1 && options.column === undefined) col = 0;
    else {
      throw new InputError([{ path: `${source}:1`, expected: `a header with a column "${options.column ?? 'rps'}"`, received: `a header starting ${excerpt(first)}` }]);
    }
  }
  const out: number[] = [];
  for (let i = 1, raw = nextLine(); raw !== undefined; i++, raw = nextLine()) {
    const line = raw.trim();
    if (line === '') continue;
    const cell = line.split(',')[col];
    const v = cell === undefined ? NaN : Number(cell);
    if (cell === undefined || cell.trim() === '' || !Number.isFinite(v) || v < 0) {
      throw new InputError([
        { path: `${source}:${i + 1}`, expected: `a non-negative number in column ${excerpt(header[col])}`, received: excerpt(line) },
      ]);
    }
    out.push(v);
  }
  if (out.length === 0) throw new InputError([{ path: source, expected: 'at least one data row', received: 'none' }]);
  return out;
}
