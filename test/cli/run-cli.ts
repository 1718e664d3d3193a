import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/index';

/** Runs the `kompis` command in-process with captured output and only the given environment. */
export async function runCli(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  const code = await main(argv, { stdout, stderr, env: { LOG_LEVEL: 'silent', ...env } });
  return { code, out, err };
}
