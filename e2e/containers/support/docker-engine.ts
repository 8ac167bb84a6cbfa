import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { run } from './docker-cli';

export interface DockerEngine {
  /** How the engine was found; printed once. */
  description: string;
  /** Stops the engine when this run started it; a daemon that was already running is left alone. */
  release(): Promise<void>;
}

function daemonAnswers(): boolean {
  return run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 10_000 }).status === 0;
}

/**
 * A Docker daemon to run the container suite against: the one that answers, or `dockerd` started
 * in the background (as root, where Debian's docker.io is installed). Undefined, with the reason,
 * when neither is possible.
 */
export async function acquireDockerEngine(logDir: string): Promise<DockerEngine | { unavailable: string }> {
  if (run('docker', ['--version']).status !== 0) return { unavailable: 'no docker CLI on PATH (apt-get install docker.io)' };
  if (daemonAnswers()) return { description: 'the Docker daemon that was already running', release: async () => {} };
  if (run('dockerd', ['--version']).status !== 0) {
    return { unavailable: 'no Docker daemon answers and dockerd is not installed (apt-get install docker.io)' };
  }
  if (process.getuid?.() !== 0) return { unavailable: 'no Docker daemon answers, and starting dockerd needs root' };

  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, 'dockerd.log');
  const log = fs.openSync(logFile, 'a');
  const daemon = spawn('dockerd', [], { detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  daemon.unref();
  const exited = new Promise<void>((resolve) => daemon.once('exit', () => resolve()));

  const deadline = Date.now() + 60_000;
  while (!daemonAnswers()) {
    if (daemon.exitCode !== null || Date.now() > deadline) {
      daemon.kill('SIGKILL');
      return { unavailable: `dockerd did not come up (see ${logFile})` };
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return {
    description: `dockerd started for this run (pid ${daemon.pid}, log ${logFile})`,
    async release() {
      // Stopped by its PID, so that later runs on this machine see no daemon, as before.
      daemon.kill('SIGTERM');
      const timer = setTimeout(() => daemon.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
