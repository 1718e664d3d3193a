import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, type Config } from './config';
import { KompisError } from './core/errors';
import { wrappingKey } from './core/pulse/round-key';

/** The file under DATA_DIR holding a generated pulse secret, when PULSE_SECRET is not set and the store is SQLite. */
export const PULSE_SECRET_FILE = 'pulse-secret';

/**
 * The key that wraps every pulse round's key, from PULSE_SECRET. Without it, one SQLite process
 * makes a random secret once and keeps it in DATA_DIR/pulse-secret (readable by its owner only):
 * it never enters the database or an export, but a copy of the whole DATA_DIR holds it, so set
 * PULSE_SECRET (from a secret manager) to keep backups of DATA_DIR from opening open rounds.
 * Replicas on Redis must share one secret: there PULSE_SECRET is required. With `create: false`
 * (a tool that reads what the running Kompis wrote) a missing secret is a named error.
 */
export function loadPulseWrapping(config: Pick<Config, 'PULSE_SECRET' | 'REDIS_URL' | 'dataDir'>, { create = true } = {}): Buffer {
  if (config.PULSE_SECRET) return wrappingKey(config.PULSE_SECRET);
  if (config.REDIS_URL) {
    throw new ConfigError([
      'PULSE_SECRET: replicas sharing Redis need one pulse secret, kept outside Redis (it wraps the keys of open pulse rounds); set PULSE_SECRET to 32 or more random characters, e.g. from: openssl rand -base64 32',
    ]);
  }
  const file = path.join(config.dataDir, PULSE_SECRET_FILE);
  // a tool beside the running Kompis (`kompis pulse close`) uses its secret, or none: a new one would open no round
  if (!create && !fs.existsSync(file)) {
    throw new ConfigError([`PULSE_SECRET: set the pulse secret the running Kompis uses (this DATA_DIR, ${config.dataDir}, holds none of its own)`]);
  }
  let secret: string;
  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    secret = fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    // a DATA_DIR that is a file, read-only or not ours: the setting named, as the SQLite store names it
    throw new KompisError('store_unwritable', `Kompis cannot write to DATA_DIR (${config.dataDir}): ${(err as Error).message}. Point DATA_DIR at a writable folder or fix its permissions.`);
  }
  return wrappingKey(secret);
}
