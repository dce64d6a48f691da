import { readFileSync } from 'node:fs';
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { InputError } from '../../errors.js';

/**
 * Reads and parses a JSON file; a missing file or bad JSON is an {@link InputError} naming the file
 * and, for bad JSON, the line and column (JSON.parse's messages carry no position on Node 20).
 */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : String(code);
    throw new InputError([{ path: what, expected: 'a readable file', received: `${JSON.stringify(file)} (${why})` }]);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const errors: ParseError[] = [];
    parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
    const first = errors[0];
    let where = (err as Error).message;
    if (first) {
      const before = text.slice(0, first.offset);
      const line = before.split('\n').length;
      const col = first.offset - before.lastIndexOf('\n');
      where = `invalid JSON at line ${line}, column ${col}: ${printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`;
    }
    throw new InputError([{ path: file, expected: 'valid JSON', received: where }]);
  }
}
