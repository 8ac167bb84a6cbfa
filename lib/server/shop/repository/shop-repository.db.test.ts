import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { trace } from '@opentelemetry/api';
import { PostgresCluster } from '@threadline/service-kit/testing';
import type { Order } from '../../../shared/model';
import { openPostgresShopRepository } from './postgres-shop-repository';
import { IdempotencyKeyTaken, type ShopRepository } from './shop-repository';
import { openSqliteShopRepository } from './sqlite-shop-repository';

const tracer = trace.getTracer('test');
let counter = 0;

function order(fields: Partial<Order> = {}): Order {
  counter += 1;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    userId: '1',
    userName: 'Ada Lovelace',
    items: [
      { sku: 'TL-MUG', name: 'Threadline mug', quantity: 2, unitPriceCents: 1200 },
      { sku: 'TL-TEE', name: 'Span tree T-shirt', quantity: 1, unitPriceCents: 2400 },
    ],
    totalCents: 4800,
    traceId: counter.toString(16).padStart(32, 'a'),
    createdAt: new Date(Date.now() + counter).toISOString(),
    ...fields,
  };
}

/** What both engines must do alike: the interface's promises, against the real database. */
function behavesAsTheShopRepository(engine: string, open: () => Promise<ShopRepository>) {
  describe(`the shop repository on ${engine}`, () => {
    let repository: ShopRepository;
    before(async () => (repository = await open()));
    after(async () => repository.close());

    it('has the catalogue, by SKU and in name order', async () => {
      assert.deepEqual(
        (await repository.listProducts()).map((product) => product.sku),
        ['TL-HOODIE', 'TL-TEE', 'TL-MUG', 'TL-STICKERS'],
      );
      const found = await repository.findProductsBySku(['TL-MUG', 'NOPE']);
      assert.deepEqual([...found.keys()], ['TL-MUG']);
      assert.equal(found.get('TL-MUG')!.priceCents, 1200);
    });

    it('stores an order whole, and lists a visit its own, newest first, with its lines', async () => {
      const [first, second, elsewhere] = [order(), order(), order()];
      await repository.insertOrder(first, 'visit-a');
      await repository.insertOrder(second, 'visit-b');
      await repository.insertOrder(elsewhere, 'visit-c');
      const listed = await repository.listRecentOrders(10, ['visit-b', 'visit-a']);
      assert.deepEqual(
        listed.map((stored) => stored.id),
        [second.id, first.id],
      );
      assert.deepEqual(
        listed[1]!.items,
        [...first.items].sort((a, b) => a.name.localeCompare(b.name)),
      );
      assert.deepEqual(await repository.listRecentOrders(10, []), []);
      assert.equal((await repository.findVisitOrder(elsewhere.id, ['visit-a']))?.id, undefined);
      assert.equal((await repository.findVisitOrder(first.id, ['visit-a']))?.id, first.id);
      assert.equal(await repository.isVisitOrderTrace(first.traceId, ['visit-a']), true);
      assert.equal(await repository.isVisitOrderTrace(first.traceId, ['visit-c']), false);
    });

    it('settles a race for an idempotency key in the database, leaving the loser nothing half-written', async () => {
      const key = { scope: 'visit:v', key: `k-${counter}`, requestHash: 'h', spanId: '1'.repeat(16) };
      const [winner, loser] = [order(), order()];
      const results = await Promise.allSettled([
        repository.insertOrder(winner, 'v', key),
        repository.insertOrder(loser, 'v', key),
      ]);
      assert.deepEqual(results.map((result) => result.status).sort(), ['fulfilled', 'rejected']);
      const rejected = results.find((result): result is PromiseRejectedResult => result.status === 'rejected')!;
      assert.ok(rejected.reason instanceof IdempotencyKeyTaken);
      const stored = await repository.findOrderByIdempotencyKey(key.key, ['visit:other', 'visit:v']);
      assert.ok(stored && [winner.id, loser.id].includes(stored.order.id));
      assert.deepEqual(
        { visitId: stored.visitId, spanId: stored.placedBySpanId, lines: stored.order.items.length },
        { visitId: 'v', spanId: key.spanId, lines: 2 },
      );
      const loserId = stored.order.id === winner.id ? loser.id : winner.id;
      assert.equal(await repository.findVisitOrder(loserId, ['v']), undefined);
      assert.equal(await repository.findOrderByIdempotencyKey(key.key, ['visit:other']), undefined);
    });

    it('writes nothing of an order whose lines break a rule', async () => {
      const broken = order({ items: [{ sku: 'NO-SUCH-SKU', name: 'x', quantity: 1, unitPriceCents: 1 }] });
      await assert.rejects(repository.insertOrder(broken, 'visit-x'));
      assert.equal(await repository.findVisitOrder(broken.id, ['visit-x']), undefined);
    });

    it('keeps the fault switches', async () => {
      await repository.writeFaults({ orderFailureRate: 0.25 });
      assert.deepEqual(await repository.readFaults(), { orderFailureRate: 0.25 });
    });
  });
}

const cluster = new PostgresCluster(25432 + (process.pid % 1000));
before(async () => cluster.start());
after(async () => cluster.stop());

behavesAsTheShopRepository('SQLite', async () =>
  openSqliteShopRepository(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'threadline-shop-')), 'shop.db'), tracer),
);
behavesAsTheShopRepository('PostgreSQL', () => openPostgresShopRepository(cluster.url('shop'), tracer));
