import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * `npm start` as a person runs it, in its own process group so that stopping it is Ctrl-C: SIGINT to
 * every process of the stack at once.
 */
export class NpmStart {
  readonly lines: string[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;

  constructor(env: Record<string, string>) {
    this.child = spawn('npm', ['start'], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        this.lines.push(line);
        console.log(`[npm start] ${line}`);
      });
    }
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  isRunning(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves once the stack says it is running; fails as soon as it exits instead. */
  async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.lines.some((line) => line.includes('Threadline is running.'))) {
      if (!this.isRunning()) throw new Error(`npm start exited before the stack was up:\n${this.lines.slice(-30).join('\n')}`);
      if (Date.now() > deadline) throw new Error(`npm start was not up within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /** Ctrl-C, then waits for the whole stack to be gone (SIGKILL after `graceMs`). */
  async stop(graceMs = 60_000): Promise<number | null> {
    if (this.isRunning()) process.kill(-this.child.pid!, 'SIGINT');
    const timer = setTimeout(() => {
      try {
        process.kill(-this.child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
