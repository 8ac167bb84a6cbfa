import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openMigratedDatabase } from './open-migrated-database';

describe('openMigratedDatabase', () => {
  const file = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'threadline-db-')), 'nested', 'test.db');

  it('creates the file and applies each migration once, across reopenings', () => {
    const dbFile = file();
    const steps = ["CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('seed');"];
    openMigratedDatabase(dbFile, steps).close();
    const again = openMigratedDatabase(dbFile, [...steps, "INSERT INTO t VALUES ('second');"]);
    assert.deepEqual(again.prepare('SELECT v FROM t ORDER BY rowid').pluck().all(), ['seed', 'second']);
    assert.equal(again.pragma('user_version', { simple: true }), 2);
    assert.deepEqual(again.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all(), [1, 2]);
    assert.equal(again.pragma('journal_mode', { simple: true }), 'wal');
    again.close();
  });

  it('leaves nothing half-applied when a migration fails', () => {
    const dbFile = file();
    openMigratedDatabase(dbFile, ['CREATE TABLE t (v TEXT);']).close();
    assert.throws(() =>
      openMigratedDatabase(dbFile, ['CREATE TABLE t (v TEXT);', "INSERT INTO t VALUES ('x'); SELECT * FROM missing;"]),
    );
    const db = openMigratedDatabase(dbFile, ['CREATE TABLE t (v TEXT);']);
    assert.equal(db.prepare('SELECT count(*) FROM t').pluck().get(), 0);
    assert.equal(db.pragma('user_version', { simple: true }), 1);
    db.close();
  });
});

describe('openMigratedDatabase, on a file migrated before schema_migrations', () => {
  it('adopts the steps PRAGMA user_version counted, and applies only the new ones', () => {
    const dbFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'threadline-db-')), 'old.db');
    const old = new Database(dbFile);
    old.exec("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('seed');");
    old.pragma('user_version = 1');
    old.close();
    const db = openMigratedDatabase(dbFile, [
      "CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('seed');",
      "INSERT INTO t VALUES ('new');",
    ]);
    assert.deepEqual(db.prepare('SELECT v FROM t ORDER BY rowid').pluck().all(), ['seed', 'new']);
    assert.deepEqual(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all(), [1, 2]);
    db.close();
  });
});
