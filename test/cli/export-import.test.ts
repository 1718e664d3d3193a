import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './run-cli';
import { openSqliteStore } from '../../src/stores/sqlite/sqlite-store';

describe('kompis export / import', () => {
  it('moves a team from SQLite to Redis and back through a backup file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-cli-'));
    const store = openSqliteStore(dir);
    await store.goals.createGoal({ team: 'T', title: 'Answer within 30 s', metric: 'ASA', start: 45, target: 30, unit: 's', direction: 'lower', due: '2026-12-31', owner: 'U1' }, '2026-11-20T00:00:00.000Z');
    await store.close();

    const exported = await runCli(['export'], { DATA_DIR: dir });
    expect(exported.code).toBe(0);
    const file = path.join(dir, 'backup.json');
    fs.writeFileSync(file, exported.out);

    const redisEnv = { REDIS_URL: process.env.REDIS_TEST_URL!, REDIS_KEY_PREFIX: `cli-${Date.now()}:` };
    const imported = await runCli(['import', file], redisEnv);
    expect(imported).toMatchObject({ code: 0 });
    expect(imported.err).toMatch(/imported into redis: 1 goals/);
    const fromRedis = await runCli(['export'], redisEnv);
    expect(JSON.parse(fromRedis.out)).toEqual(JSON.parse(exported.out));
  });

  it('refuses a file that is not an export, saying why', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-cli-'));
    const file = path.join(dir, 'x.json');
    fs.writeFileSync(file, '{"hello": 1}');
    const r = await runCli(['import', file], { DATA_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is not a Kompis export: format/);
  });
});
