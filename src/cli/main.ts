#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { reportError } from './report-error.js';

/** Runs the `infersim` command line; every error goes through {@link reportError}: a message, never a stack trace. */
async function main(argv: string[]): Promise<void> {
  // `--version` alone answers before the commands (and what they import) load: start-up stays short.
  if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V')) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  const { registerCommands } = await import('./commands/index.js');
  const program = new Command('infersim')
    .description('Simulate multi-stage ML inference pipelines and their adaptation policies.')
    .version(packageVersion())
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = reportError(err);
  }
}

/** The package's version, read from its package.json (two levels up from dist/cli or src/cli). */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

// Errors outside the command's promise (a callback, a stream) take the same path.
const fatal = (err: unknown): void => {
  process.exitCode = reportError(err);
  process.exit();
};
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);

await main(process.argv);
