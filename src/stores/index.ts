import type { Config } from '../config';
import type { Logger } from '../core/ports';
import type { Store } from '../core/storage/ports';
import { openRedisStore } from './redis/redis-store';
import { openSqliteStore } from './sqlite/sqlite-store';

/** Redis when REDIS_URL is set (several replicas share it), else the embedded SQLite file under DATA_DIR. */
export async function openStore(config: Pick<Config, 'REDIS_URL' | 'REDIS_KEY_PREFIX' | 'dataDir'>, logger: Logger): Promise<Store> {
  if (config.REDIS_URL) {
    const store = await openRedisStore({ url: config.REDIS_URL, prefix: config.REDIS_KEY_PREFIX });
    logger.info({ store: 'redis', prefix: config.REDIS_KEY_PREFIX }, 'store opened');
    return store;
  }
  const store = openSqliteStore(config.dataDir);
  logger.info({ store: 'sqlite', dir: config.dataDir }, 'store opened');
  return store;
}
