import { CommanderError } from 'commander';
import { InputError, PolicyError } from '../errors.js';

/** Exit codes of the CLI (docs/getting-started.md lists them). */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;

/** File-system error codes that mean the user named a path that cannot be used: bad input. */
const BAD_PATH_CODES: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EEXIST: 'already exists',
  ENOTDIR: 'a file where a directory is needed',
  EISDIR: 'a directory where a file is needed',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTEMPTY: 'a directory that is not empty',
  EROFS: 'a read-only file system',
};

/**
 * The CLI's one error path: prints `infersim: <message>` on stderr (never a stack trace, unless
 * INFERSIM_DEBUG is set) and returns the exit code: 2 for bad input (an {@link InputError}, a path
 * that cannot be used, a module that cannot be imported), 1 for anything else (a policy's code that
 * threw, or an internal error, reported as such).
 */
export function reportError(err: unknown, write: (text: string) => void = (t) => process.stderr.write(t)): number {
  const debug = Boolean(process.env.INFERSIM_DEBUG);
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  if (err instanceof InputError) {
    write(`infersim: ${err.message}\n`);
    return EXIT.badInput;
  }
  if (err instanceof PolicyError) {
    const cause = err.cause instanceof Error ? err.cause : undefined;
    const where = cause?.stack ? firstFrame(cause.stack) : undefined;
    write(`infersim: ${err.message}${where ? `\n  (thrown ${where})` : ''}\n`);
    if (debug && cause?.stack) write(cause.stack + '\n');
    else write('  (INFERSIM_DEBUG=1 prints the policy error\'s stack)\n');
    return EXIT.failed;
  }
  const e = err as NodeJS.ErrnoException | undefined;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  if (code && Object.hasOwn(BAD_PATH_CODES, code) && e?.path) {
    write(`infersim: ${e.syscall ? `${e.syscall} ` : ''}${JSON.stringify(e.path)}: ${BAD_PATH_CODES[code]} (${code})\n`);
    return EXIT.badInput;
  }
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_UNSUPPORTED_DIR_IMPORT' || code === 'ERR_UNKNOWN_FILE_EXTENSION') {
    write(`infersim: cannot import a module: ${firstLine(e?.message)} (${code})\n`);
    return EXIT.badInput;
  }
  const name = err instanceof Error ? err.name : typeof err;
  const message = err instanceof Error ? err.message : String(err);
  write(`infersim: internal error: ${name}: ${firstLine(message)}\n`);
  if (debug && err instanceof Error && err.stack) write(err.stack + '\n');
  else write('  (a bug in infersim: please report it with the input; INFERSIM_DEBUG=1 prints the stack)\n');
  return EXIT.failed;
}

function firstLine(text: string | undefined): string {
  const line = (text ?? '').split('\n')[0];
  return line.length > 300 ? line.slice(0, 297) + '...' : line;
}

/** `at decide (file:///x/policy.js:3:11)` -> the frame's location, the first line of a stack that names one. */
function firstFrame(stack: string): string | undefined {
  const frame = stack.split('\n').find((l) => /^\s+at /.test(l));
  return frame?.trim();
}
