import { readFileSync } from 'node:fs';
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { InputError } from '../errors.js';

/**
 * Reads a text file the user named; a missing or unreadable one is an {@link InputError} at `what`
 * (the scenario field or CLI argument that named it), with the file and the reason.
 */
export function readTextFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : code === 'EACCES' ? 'a file we may not read' : String(code);
    throw new InputError([{ path: what, expected: 'a readable file', received: `${JSON.stringify(file)} (${why})` }]);
  }
}

/**
 * Reads and parses a JSON file: a missing file is an {@link InputError} at `what`, bad JSON one
 * naming the file and the line and column of the first error.
 */
export function readJsonFile(file: string, what: string): unknown {
  return parseJsonText(readTextFile(file, what), file);
}

/** Parses JSON text from `source` (a file name, or `stdin`); bad JSON names the line and column. */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError([{ path: source, expected: 'valid JSON', received: jsonErrorWhere(text, err as Error) }]);
  }
}

/**
 * "invalid JSON at line 3, column 17: value expected". JSON.parse's messages carry no position on
 * Node 20, so jsonc-parser (strict: no comments, no trailing commas) locates the first error.
 */
function jsonErrorWhere(text: string, err: Error): string {
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  // Never JSON.parse's own message: Node quotes the text around the error (a secret, say).
  if (!first) return `invalid JSON (${err.name})`;
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const col = first.offset - before.lastIndexOf('\n');
  const what = printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `invalid JSON at line ${line}, column ${col}: ${what}`;
}
