/**
 * npm run bench: what tracing costs, measured with tracing on and off in the same run (alternating),
 * on the production build, against isolated stacks on loopback. Prints one table and writes it, with
 * the machine, the versions and the command, to docs/benchmarks.md. Not part of npm test.
 * Each measurement is a module of scripts/bench/; this file only runs them in order and reports.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import packageJson from '../package.json';
import { launchBrowser } from './bench/browser';
import { measureBrowserCost } from './bench/browser-cost';
import { measureClickToTrace } from './bench/click-to-trace';
import { benchSizes, CONNECTIONS, fmt, markdownTable, stackFor, type TableRow } from './bench/harness';
import { measureLossUnderLoad } from './bench/loss-under-load';
import { measureOrderPathAndMemory } from './bench/order-path';
import { measureUserApiCostBreakdown } from './bench/user-api-breakdown';
import { IsolatedStack } from './lib/isolated-stack';

const repoRoot = path.resolve(__dirname, '..');
const quick = process.argv.includes('--quick');
const sizes = benchSizes(quick);

function versions(): string {
  const dependency = (name: string) =>
    (packageJson.dependencies as Record<string, string>)[name] ?? (packageJson.devDependencies as Record<string, string>)[name];
  return [
    `- Node.js ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB, ${os.type()} ${os.release()}`,
    `- Next.js ${dependency('next')}, @vercel/otel ${dependency('@vercel/otel')}, OpenTelemetry JS ${dependency('@opentelemetry/sdk-trace-base')} / ${dependency('@opentelemetry/sdk-node')}, Jaeger (module) ${fs.readFileSync(path.join(repoRoot, 'tools/jaeger/go.mod'), 'utf8').match(/jaegertracing\/jaeger (v[\d.]+)/)?.[1]}`,
    `- Load: autocannon ${dependency('autocannon')}, ${CONNECTIONS} connections, on loopback; browser: Chromium via Playwright ${dependency('@playwright/test')}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  const rows: TableRow[] = [];
  rows.push(...(await measureOrderPathAndMemory(sizes)));
  rows.push(await measureUserApiCostBreakdown(sizes));
  const on = stackFor(true, 99);
  const off = stackFor(false, 99);
  const browser = await launchBrowser();
  try {
    await on.startAll();
    // First, while no browser has sent spans that could arrive during the counted window.
    rows.push(await measureLossUnderLoad(on, sizes));
    rows.push(await measureClickToTrace(browser, on, sizes));
    await off.startAll();
    rows.push(...(await measureBrowserCost(browser, on, off, sizes)));
  } finally {
    await browser.close();
    await Promise.all([on.stopAll(), off.stopAll()]);
  }
  const command = `npm run bench${quick ? ' -- --quick' : ''}`;
  const output = `${markdownTable(rows)}\n`;
  console.log(`\n${output}\nTook ${fmt((Date.now() - started) / 1000, 0)} s.`);
  const document = `# Benchmarks\n\nMeasured ${new Date().toISOString().slice(0, 10)} with \`${command}\` (${fmt((Date.now() - started) / 1000, 0)} s), tracing on and off in the same run, alternating, against the production build.\n\n${versions()}\n\n${output}\nHow each figure is made: [scripts/bench.ts](../scripts/bench.ts). Tracing off means \`OTEL_SDK_DISABLED=true\` for both services (and so no browser tracing); Jaeger runs in both cases.\n`;
  const notes = path.join(repoRoot, 'docs', 'benchmarks-notes.md');
  fs.writeFileSync(
    path.join(repoRoot, 'docs', 'benchmarks.md'),
    document + (fs.existsSync(notes) ? `\n${fs.readFileSync(notes, 'utf8')}` : ''),
  );
}

let exiting = false;
const stopEverything = async (code: number) => {
  if (exiting) return;
  exiting = true;
  // Child processes outlive a parent that exits: stop every stack this run may have started.
  await Promise.all(IsolatedStack.all().map((stack) => stack.stopAll().catch(() => undefined)));
  process.exit(code);
};
process.on('SIGINT', () => void stopEverything(130));
process.on('unhandledRejection', (error) => {
  console.error(error);
  void stopEverything(1);
});
process.on('SIGTERM', () => void stopEverything(143));

main().then(
  () => stopEverything(0),
  (error: unknown) => {
    console.error(error);
    void stopEverything(1);
  },
);
