import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readStackConfig } from './stack-config';

test('each service gets the PostgreSQL database named for it, and none without one', () => {
  const config = readStackConfig({
    SHOP_DATABASE_URL: 'postgres://shop@db.internal:5432/shop',
    USER_API_DATABASE_URL: 'postgresql://users@db.internal/user_api',
  });
  assert.equal(config.shopDatabaseUrl, 'postgres://shop@db.internal:5432/shop');
  assert.equal(config.userApiDatabaseUrl, 'postgresql://users@db.internal/user_api');
  assert.equal(readStackConfig({}).shopDatabaseUrl, undefined);
  assert.equal(readStackConfig({ USER_API_DATABASE_URL: '  ' }).userApiDatabaseUrl, undefined);
});

test('one DATABASE_URL for the whole stack is refused: each service owns its database', () => {
  assert.throws(
    () => readStackConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/shop' }),
    /SHOP_DATABASE_URL and USER_API_DATABASE_URL/,
  );
});

test('a database URL that is not PostgreSQL says which variable is wrong', () => {
  assert.throws(
    () => readStackConfig({ SHOP_DATABASE_URL: 'mysql://x@127.0.0.1/shop' }),
    /SHOP_DATABASE_URL must be a postgres:\/\/ URL/,
  );
  assert.throws(() => readStackConfig({ THREADLINE_POSTGRES_SERVER_URL: 'data/pg' }), /THREADLINE_POSTGRES_SERVER_URL/);
});
