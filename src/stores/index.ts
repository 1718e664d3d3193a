import type { Config } from '../config';
import type { Logger } from '../core/ports';
import type { Store } from '../core/storage/ports';
import { openRedisStore } from './redis/redis-store';
import { openSqliteStore } from './sqlite/sqlite-store';

/** Redis when REDIS_URL is set (several replicas share it), else the embedded SQLite file under DATA_DIR. */
export async function openStore(config: Pick<Config, 'REDIS_URL' | 'REDIS_KEY_PREFIX' | 'REDIS_SENTINELS' | 'REDIS_SENTINEL_NAME' | 'dataDir'>, logger: Logger): Promise<Store> {
  if (config.REDIS_URL) {
    const sentinels = config.REDIS_SENTINELS?.split(',').map((hp) => {
      const [host = '', port = ''] = hp.split(':');
      return { host, port: Number(port) };
    });
    const store = await openRedisStore({
      url: config.REDIS_URL,
      prefix: config.REDIS_KEY_PREFIX,
      ...(sentinels ? { sentinels, sentinelName: config.REDIS_SENTINEL_NAME } : {}),
    });
    logger.info({ store: 'redis', prefix: config.REDIS_KEY_PREFIX }, 'store opened');
    return store;
  }
  const store = openSqliteStore(config.dataDir);
  logger.info({ store: 'sqlite', dir: config.dataDir }, 'store opened');
  return store;
}
