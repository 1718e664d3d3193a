import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/index';

/** Runs the `kompis` command in-process with captured output and only the given environment. */
export async function runCli(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const io = capturedOutput();
  const code = await main(argv, { stdout: io.stdout, stderr: io.stderr, env: { LOG_LEVEL: 'silent', ...env } });
  return { code, out: io.out(), err: io.err() };
}

/** A stdout and a stderr to hand a command, and what was written to each. */
export function capturedOutput(): { stdout: PassThrough; stderr: PassThrough; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  return { stdout, stderr, out: () => out, err: () => err };
}
