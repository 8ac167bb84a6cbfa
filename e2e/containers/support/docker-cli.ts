import fs from 'node:fs';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion and returns its output; never throws for a non-zero exit. */
export function run(command: string, args: readonly string[], options: SpawnSyncOptions = {}): CommandResult {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  return {
    status: result.status,
    stdout: String(result.stdout ?? ''),
    stderr: result.error ? result.error.message : String(result.stderr ?? ''),
  };
}

/** Runs a command and returns its trimmed stdout; throws with its stderr when it fails. */
export function runOrThrow(command: string, args: readonly string[], options: SpawnSyncOptions = {}): string {
  const result = run(command, args, options);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${(result.stderr || result.stdout).trim()}`);
  }
  return result.stdout.trim();
}

export function docker(args: readonly string[], options: SpawnSyncOptions = {}): string {
  return runOrThrow('docker', args, options);
}

export function imageExists(image: string): boolean {
  return run('docker', ['image', 'inspect', image]).status === 0;
}

export function imageLabel(image: string, label: string): string | undefined {
  const value = run('docker', ['image', 'inspect', '--format', `{{ index .Config.Labels "${label}" }}`, image]);
  return value.status === 0 && value.stdout.trim() && value.stdout.trim() !== '<no value>' ? value.stdout.trim() : undefined;
}

/** The uid the container's main process really runs as, read from the host's /proc. */
export function containerProcessUid(container: string): number {
  const pid = docker(['inspect', '--format', '{{.State.Pid}}', container]);
  const uidLine = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((line) => line.startsWith('Uid:'));
  return Number(uidLine?.split(/\s+/)[1]);
}

/** Names of containers (running or not) whose name matches `pattern` exactly. */
export function containersNamed(name: string): string[] {
  return docker(['ps', '--all', '--filter', `name=^/${name}$`, '--format', '{{.Names}}'])
    .split('\n')
    .filter(Boolean);
}
