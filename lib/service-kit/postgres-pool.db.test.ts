import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiError } from './api-error';
import { createPostgresPool, queryPool } from './postgres-pool';
import { PostgresCluster } from './postgres-cluster';

describe('queryPool against a real PostgreSQL', () => {
  const cluster = new PostgresCluster(55441, ['pool_test']);
  before(async () => cluster.start());
  after(async () => cluster.stop());

  it('tells how long a statement waited for a connection of a full pool', async () => {
    const pool = createPostgresPool(cluster.url('pool_test'), { max: 1 });
    try {
      const held = await pool.connect();
      const waits: number[] = [];
      const queued = queryPool<{ one: number }>(pool, 'SELECT 1 AS one', [], (waitedMs) => waits.push(waitedMs));
      await new Promise((resolve) => setTimeout(resolve, 150));
      held.release();
      assert.deepEqual(await queued, [{ one: 1 }]);
      assert.equal(waits.length, 1);
      assert.ok(waits[0]! >= 100, `waited ${waits[0]} ms`);
    } finally {
      await pool.end();
    }
  });

  it('answers 503 database_unavailable for a statement the server cut off, whose connection leaves the pool', async () => {
    const pool = createPostgresPool(cluster.url('pool_test'), { max: 1 });
    const admin = createPostgresPool(cluster.url('pool_test'), { max: 1 });
    try {
      const pid = (await queryPool<{ pid: number }>(pool, 'SELECT pg_backend_pid() AS pid'))[0]!.pid;
      // Watched from the start: the statement may fail before the terminate's own answer is in, and a
      // rejection nobody handles yet fails the test on its own.
      const cutOff = assert.rejects(
        queryPool(pool, 'SELECT pg_sleep(5)'),
        (error: unknown) => error instanceof ApiError && error.status === 503 && error.code === 'database_unavailable',
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      // What a restart does to every session: terminating connection due to administrator command.
      await queryPool(admin, 'SELECT pg_terminate_backend($1)', [pid]);
      await cutOff;
      const other = (await queryPool<{ other: number }>(pool, 'SELECT pg_backend_pid() AS other'))[0]!.other;
      assert.notEqual(other, pid, 'the next statement gets a new connection, not the dead one');
    } finally {
      await Promise.all([pool.end(), admin.end()]);
    }
  });

  it('answers 503 database_unavailable, not 500, while no server listens', async () => {
    const pool = createPostgresPool('postgres://threadline@127.0.0.1:55449/none', { max: 1 });
    try {
      await assert.rejects(
        () => queryPool(pool, 'SELECT 1'),
        (error: unknown) =>
          error instanceof ApiError && error.code === 'database_unavailable' && error.headers()['retry-after'] === '2',
      );
    } finally {
      await pool.end();
    }
  });
});
