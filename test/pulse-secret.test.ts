import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../src/config';
import { KompisError } from '../src/core/errors';
import { describeStartupError, start } from '../src/main';
import { newRoundKey, unwrapRoundKey, wrappingKey } from '../src/core/pulse/round-key';
import { loadPulseWrapping, PULSE_SECRET_FILE } from '../src/pulse-secret';

describe('the pulse secret', () => {
  it('comes from PULSE_SECRET; a round key wrapped under it opens only with the same secret', () => {
    const wrapping = loadPulseWrapping({ PULSE_SECRET: 'a'.repeat(40), REDIS_URL: undefined, dataDir: '/nonexistent' });
    expect(wrapping).toEqual(wrappingKey('a'.repeat(40)));
    const { key, wrapped } = newRoundKey(wrapping);
    expect(wrapped.includes(key)).toBe(false);
    expect(unwrapRoundKey(wrapping, wrapped)).toEqual(key);
    expect(unwrapRoundKey(wrappingKey('b'.repeat(40)), wrapped)).toBeUndefined();
  });

  it('with SQLite and no PULSE_SECRET, is generated once in DATA_DIR, readable by its owner only', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-secret-'));
    const first = loadPulseWrapping({ PULSE_SECRET: undefined, REDIS_URL: undefined, dataDir });
    expect(loadPulseWrapping({ PULSE_SECRET: undefined, REDIS_URL: undefined, dataDir })).toEqual(first);
    expect(fs.statSync(path.join(dataDir, PULSE_SECRET_FILE)).mode & 0o777).toBe(0o600);
  });

  it('in a DATA_DIR that is a file, stops the start in Slack or Teams mode with one line naming DATA_DIR, no stack', async () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-secret-')), 'data');
    fs.writeFileSync(dataDir, 'not a folder');
    expect(() => loadPulseWrapping({ PULSE_SECRET: undefined, REDIS_URL: undefined, dataDir })).toThrow(KompisError);
    const failed = await start({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }).catch((err: unknown) => err);
    expect(describeStartupError(failed)).toBe(
      `Kompis cannot write to DATA_DIR (${dataDir}): EEXIST: file already exists, mkdir '${dataDir}'. Point DATA_DIR at a writable folder or fix its permissions.`,
    );
  });

  it('is required with Redis, where replicas must share it, naming the variable and the fix', () => {
    expect(() => loadPulseWrapping({ PULSE_SECRET: undefined, REDIS_URL: 'redis://localhost:6379', dataDir: '/nonexistent' })).toThrow(ConfigError);
    expect(() => loadPulseWrapping({ PULSE_SECRET: undefined, REDIS_URL: 'redis://localhost:6379', dataDir: '/nonexistent' })).toThrow(/PULSE_SECRET: .*openssl rand -base64 32/);
  });
});
