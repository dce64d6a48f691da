#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { InputError } from '../errors.js';
import { registerCommands } from './commands/index.js';

/** Runs the `infersim` command line; bad input prints its issues and exits 2, never a stack trace. */
async function main(argv: string[]): Promise<void> {
  const program = new Command('infersim')
    .description('Simulate multi-stage ML inference pipelines and their adaptation policies.')
    .version(packageVersion())
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    if (err instanceof InputError) {
      process.stderr.write(`infersim: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw err;
  }
}

/** The package's version, read from its package.json (two levels up from dist/cli or src/cli). */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

await main(process.argv);
