/**
 * A PostgreSQL cluster of the suite's own: initdb into a temporary folder, the server on a loopback
 * port of its own, databases for the shop and the user API, stopped by its PID afterwards. Debian's
 * `postgresql` package provides the binaries; nothing of the machine's own cluster is touched.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The server's binaries: pg_config's, else the newest of Debian's /usr/lib/postgresql/<major>/bin. */
export function postgresBinDir(): string {
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    const root = '/usr/lib/postgresql';
    const majors = fs.existsSync(root) ? fs.readdirSync(root).filter((name) => /^\d+$/.test(name)) : [];
    const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
    if (!newest) throw new Error('PostgreSQL is not installed (apt-get install postgresql), so no cluster can be started.');
    return path.join(root, newest, 'bin');
  }
}

export class PostgresCluster {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadline-pg-'));
  private server: ChildProcess | undefined;

  constructor(
    readonly port: number,
    readonly databases: readonly string[] = ['shop', 'user_api'],
  ) {}

  /** The server's process (or, as root, the `runuser` above it): its backends are its descendants. */
  get pid(): number | undefined {
    return this.server?.pid;
  }

  /** A database's URL, as the services take it in DATABASE_URL. */
  url(database: string): string {
    return `postgres://threadline@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    const bin = postgresBinDir();
    const asOwner = this.asOwner();
    if (asOwner.length > 0) execFileSync('chown', ['postgres:', this.dir]);
    const data = path.join(this.dir, 'data');
    run(asOwner, path.join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'threadline',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
    ]);
    const [command, ...args] = [...asOwner, path.join(bin, 'postgres')];
    this.server = spawn(
      command!,
      [...args, '-D', data, '-p', String(this.port), '-k', this.dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
      { stdio: 'ignore' },
    );
    await this.waitUntilReady(bin);
    for (const database of this.databases) {
      run([], path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'threadline', database]);
    }
  }

  /**
   * A fast shutdown (in-flight transactions roll back) by pg_ctl, which waits until the server has
   * gone: a signal to `runuser` would reach PostgreSQL as SIGTERM, a smart shutdown that outlives
   * runuser itself, and the folder would be removed under a server still running.
   */
  async stop(): Promise<void> {
    const server = this.server;
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      try {
        run(this.asOwner(), path.join(postgresBinDir(), 'pg_ctl'), [
          '-D',
          path.join(this.dir, 'data'),
          '-m',
          'fast',
          '-w',
          '-t',
          '20',
          'stop',
        ]);
      } catch {
        server.kill('SIGKILL');
      }
      await exited;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user. */
  private asOwner(): string[] {
    return process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  }

  private async waitUntilReady(bin: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (this.server?.exitCode !== null || this.server.signalCode !== null) throw new Error('PostgreSQL exited while starting');
      try {
        run([], path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(this.port), '-q']);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    throw new Error(`PostgreSQL did not accept connections on 127.0.0.1:${this.port} within 30 s`);
  }
}

function run(prefix: readonly string[], command: string, args: readonly string[]): void {
  const [file, ...rest] = [...prefix, command, ...args];
  execFileSync(file!, rest, { stdio: 'pipe' });
}
