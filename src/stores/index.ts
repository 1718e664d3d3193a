import type { Config } from '../config';
import type { Logger } from '../core/ports';
import type { Store } from '../core/storage/ports';
import type { HealthCheck } from '../http/server';
import { openRedisStore } from './redis/redis-store';
import { openSqliteStore } from './sqlite/sqlite-store';

/** The store's part of GET /healthz: whether it answers, which kind it is, and what may lose data. */
export async function storeHealth(store: Store): Promise<HealthCheck> {
  return { ...(await store.health()), kind: store.kind };
}

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
    const durability = await store.durability();
    logger.info({ store: 'redis', prefix: config.REDIS_KEY_PREFIX, appendonly: durability.appendonly, ...(durability.appendfsync ? { appendfsync: durability.appendfsync } : {}) }, 'store opened');
    if (durability.warning) logger.warn({ store: 'redis', appendonly: durability.appendonly }, durability.warning);
    else if (durability.appendonly === 'unknown') logger.info({ store: 'redis' }, 'Redis does not say whether it keeps an append-only file (CONFIG is disabled): make sure appendonly yes is set');
    return store;
  }
  const store = openSqliteStore(config.dataDir, logger);
  logger.info({ store: 'sqlite', dir: config.dataDir }, 'store opened');
  return store;
}
