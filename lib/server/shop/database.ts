import 'server-only';
import { shopConfig } from '../config';
import { openPostgresShopRepository } from './repository/postgres-shop-repository';
import type { ShopRepository } from './repository/shop-repository';
import { openSqliteShopRepository } from './repository/sqlite-shop-repository';
import { shopTracer } from './telemetry';

export {
  IdempotencyKeyTaken,
  type IdempotencyRecord,
  type IdempotentOrder,
  type ShopRepository,
} from './repository/shop-repository';

// Next.js may evaluate this module once per route bundle; one repository (one pool) per process is enough.
const REPOSITORY = Symbol.for('threadline.web.shop-repository');
type RepositoryHolder = { [REPOSITORY]?: Promise<ShopRepository> };

/**
 * The shop's data: PostgreSQL when DATABASE_URL names one (replicas share it), else the SQLite file
 * SHOP_DB_PATH. Opened, and migrated, on first use.
 */
export function shopRepository(): Promise<ShopRepository> {
  const holder = globalThis as RepositoryHolder;
  if (!holder[REPOSITORY]) {
    const { databaseUrl, databasePath } = shopConfig();
    const opening = databaseUrl
      ? openPostgresShopRepository(databaseUrl, shopTracer)
      : Promise.resolve(openSqliteShopRepository(databasePath, shopTracer));
    // A database that could not be opened is tried again by the next request, not cached as failed.
    holder[REPOSITORY] = opening.catch((error: unknown) => {
      delete holder[REPOSITORY];
      throw error;
    });
  }
  return holder[REPOSITORY];
}
