import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describeStartupError, start } from '../src/main';
import { MINI } from './helpers';

/** A server start's settings: the small knowledge pack, its own DATA_DIR, no log output. */
function serverEnv(extra: Record<string, string>): Record<string, string> {
  return { KNOWLEDGE_DIR: MINI, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-main-')), LOG_LEVEL: 'silent', ...extra };
}

/** What the person at the terminal reads when the start fails (main prints exactly this, and exits 1). */
async function startupFailure(env: Record<string, string>): Promise<string> {
  const failed = await start(env).then(
    () => new Error('expected the start to fail'),
    (err: unknown) => err,
  );
  return describeStartupError(failed);
}

describe('a failed start', () => {
  it('names PORT when another program has it, in one line with no stack', async () => {
    const other = http.createServer();
    await new Promise<void>((resolve) => other.listen(0, resolve));
    const port = (other.address() as AddressInfo).port;
    try {
      expect(await startupFailure(serverEnv({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', PORT: String(port) }))).toBe(
        `PORT ${port} is in use by another program: stop it or set PORT to a free port`,
      );
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
