import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  isRunning(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  /** Called with every output line (stdout and stderr), e.g. for tests that read a service's log. */
  onLine?: (line: string) => void;
  /** Print the lines, prefixed with the name. Default true. */
  echo?: boolean;
  /**
   * Append the output to this file instead of reading it here (onLine and echo are then unused):
   * under load, a log line per request read by this process would compete with the load generator.
   */
  logFile?: string;
}

/** Starts a long-running process whose output lines are prefixed with its name. */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  { onLine, echo = true, logFile }: StartOptions = {},
): ManagedProcess {
  const output = logFile === undefined ? 'pipe' : fs.openSync(logFile, 'a');
  const child = spawn(command, args, { env, stdio: ['ignore', output, output] });
  // The child holds its own copy of the descriptor.
  if (typeof output === 'number') fs.closeSync(output);
  const label = `[${name}]`.padEnd(11);
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    readline.createInterface({ input: stream }).on('line', (line) => {
      onLine?.(line);
      if (echo) console.log(`${label} ${line}`);
    });
  }
  let running = true;
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      running = false;
      resolve(code ?? signal ?? 'unknown');
    });
    child.on('error', (error) => {
      running = false;
      console.error(`${label} could not start ${command}: ${error.message}`);
      resolve('spawn-error');
    });
  });
  return {
    name,
    child,
    exited,
    isRunning: () => running,
    async stop(graceMs = 15_000) {
      if (!running) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
