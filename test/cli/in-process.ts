import { Command } from 'commander';

/**
 * Runs CLI commands in this process (starting the whole CLI under tsx takes ~2 s a time): `register`
 * functions wire the commands in, output is captured, and the exit code is read from
 * process.exitCode and reset. Errors the CLI would print (InputError) are thrown to the test.
 */
export async function inProcessCli(registers: readonly ((program: Command) => void)[], ...args: string[]) {
  const program = new Command('infersim').exitOverride();
  for (const register of registers) register(program);
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = ((s: string) => ((stdout += s), true)) as typeof out;
  process.stderr.write = ((s: string) => ((stderr += s), true)) as typeof err;
  try {
    await program.parseAsync(['node', 'infersim', ...args]);
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  const code = process.exitCode ?? 0;
  process.exitCode = undefined;
  return { code, stdout, stderr };
}
