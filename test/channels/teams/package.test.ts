import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const script = path.join(__dirname, '..', '..', '..', 'scripts', 'teams-package.mjs');
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, cwd: os.tmpdir() });

describe('the Teams app package', () => {
  test('teams/manifest.json and its icons validate', () => {
    const r = run(['--check']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('builds a zip with the manifest, filled in, and both icons', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-pkg-')), 'kompis.zip');
    const r = run(['--out', out], { MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', KOMPIS_PUBLIC_HOST: 'kompis.example.com' });
    expect(r.status).toBe(0);
    const zip = fs.readFileSync(out);
    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    for (const name of ['manifest.json', 'color.png', 'outline.png']) expect(zip.includes(Buffer.from(name))).toBe(true);
  });

  test('refuses to build without the app id, naming the variable', () => {
    const r = run(['--out', path.join(os.tmpdir(), 'never.zip')], { MICROSOFT_APP_ID: '', KOMPIS_PUBLIC_HOST: 'kompis.example.com' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('MICROSOFT_APP_ID is not set');
  });
});
