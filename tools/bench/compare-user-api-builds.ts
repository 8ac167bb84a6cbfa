/**
 * npm run bench:user-api-builds -- <variants.json> [rounds] [seconds]: the CPU each user API build
 * spends per GET /users/1, for changes too small for the whole bench to see. Every build in the list
 * runs at once, pinned to the apps' core, exporting to a sink in this process that accepts every
 * batch and keeps nothing (a collector would compete with the load generator on the other core);
 * they are measured in alternating rounds, and each figure is the median with its spread.
 *
 * variants.json: [{ "name": "before", "bundle": "/path/to/dist/main.js", "env": { "OTEL_TRACES_SAMPLER": "always_off" } }, …]
 * Build a "before" bundle from an older commit with `git worktree add` and `node build.mjs` there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pinnedLayout, pinProcessTree } from './cpu-affinity';
import { CONNECTIONS, fmt } from './harness';
import { runHttpBurst } from './http-burst';
import { cpuSeconds, median, rotated } from './stats';
import { waitForHttp } from '../../scripts/lib/wait-for-http';

interface Build {
  name: string;
  bundle: string;
  env?: Record<string, string>;
}

/** Ports well away from every stack's. */
const FIRST_PORT = 8900;

async function main(): Promise<void> {
  const [file, roundsArg, secondsArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: compare-user-api-builds.ts <variants.json> [rounds=7] [seconds=3]');
  const builds = JSON.parse(fs.readFileSync(file, 'utf8')) as Build[];
  const rounds = Number(roundsArg ?? 7);
  const seconds = Number(secondsArg ?? 3);
  const layout = pinnedLayout();
  if (!layout) throw new Error('this comparison needs taskset and two CPUs');
  pinProcessTree(process.pid, layout.load);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadline-user-api-builds-'));
  const sink = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => response.end());
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const sinkUrl = `http://127.0.0.1:${(sink.address() as { port: number }).port}`;
  const children: ChildProcess[] = [];
  try {
    const running = builds.map((build, index) => {
      const port = FIRST_PORT + 2 * index;
      const output = fs.openSync(path.join(dataDir, `${build.name}.log`), 'a');
      const child = spawn(process.execPath, [build.bundle], {
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          USER_API_PORT: String(port),
          USER_API_METRICS_PORT: String(port + 1),
          USER_API_DB_PATH: path.join(dataDir, `${build.name}.db`),
          OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl,
          ...build.env,
        },
        stdio: ['ignore', output, output],
      });
      fs.closeSync(output);
      children.push(child);
      return { build, child, url: `http://127.0.0.1:${port}/users/1` };
    });
    for (const { child, url } of running) {
      await waitForHttp(url.replace('/users/1', '/healthz'), { timeoutMs: 20_000 });
      pinProcessTree(child.pid!, layout.apps);
      await runHttpBurst({ url, connections: CONNECTIONS, durationSeconds: 3 });
    }
    const cost = new Map(builds.map((build) => [build.name, [] as number[]]));
    for (let round = 0; round < rounds; round += 1) {
      const line: string[] = [];
      for (const { build, child, url } of rotated(running, round)) {
        await runHttpBurst({ url, connections: CONNECTIONS, durationSeconds: 0.5 });
        const before = cpuSeconds(child.pid!);
        const result = await runHttpBurst({ url, connections: CONNECTIONS, durationSeconds: seconds });
        const microseconds = ((cpuSeconds(child.pid!) - before) / result.completed) * 1e6;
        cost.get(build.name)!.push(microseconds);
        line.push(`${build.name} ${fmt(result.requestsPerSecond, 0)}/s ${fmt(microseconds)} µs`);
      }
      console.log(`round ${round + 1}: ${line.join('; ')}`);
    }
    console.log(`\nCPU per request, median of ${rounds} rounds of ${seconds} s (lowest–highest):`);
    for (const [name, samples] of cost) {
      console.log(`  ${name}: ${fmt(median(samples))} µs (${fmt(Math.min(...samples))}–${fmt(Math.max(...samples))})`);
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
    sink.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
