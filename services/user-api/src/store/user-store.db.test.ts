import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PostgresCluster } from '@threadline/service-kit/testing';
import { openPostgresUserStore } from './postgres-user-store';
import { openSqliteUserStore } from './sqlite-user-store';
import type { UserStore } from './user-store';

function behavesAsTheUserStore(engine: string, open: () => Promise<UserStore>) {
  describe(`the user store on ${engine}`, () => {
    let store: UserStore;
    before(async () => (store = await open()));
    after(async () => store.close());

    it('reads users inside the query’s span, where a slow query waits', async () => {
      let waitedInside = 0;
      const whileQuerying = async () => void (waitedInside += 1);
      assert.deepEqual(await store.findUserById('2', whileQuerying), {
        id: '2',
        name: 'Grace Hopper',
        email: 'grace@example.com',
      });
      assert.equal(await store.findUserById('nobody', whileQuerying), undefined);
      assert.deepEqual(
        (await store.listUsers(whileQuerying)).map((user) => user.id),
        ['1', '2', '3', '4'],
      );
      assert.equal(waitedInside, 3);
    });

    it('keeps the fault switches, none until first switched', async () => {
      assert.equal(await store.readFaults(), undefined);
      await store.writeFaults({ latencyMs: 300, jitterMs: 0, errorRate: 0.5, slowQueryMs: 0 });
      assert.deepEqual(await store.readFaults(), { latencyMs: 300, jitterMs: 0, errorRate: 0.5, slowQueryMs: 0 });
    });
  });
}

const cluster = new PostgresCluster(26432 + (process.pid % 1000), ['user_api']);
before(async () => cluster.start());
after(async () => cluster.stop());

behavesAsTheUserStore('SQLite', async () =>
  openSqliteUserStore(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'threadline-users-')), 'users.db')),
);
behavesAsTheUserStore('PostgreSQL', () => openPostgresUserStore(cluster.url('user_api')));
