/**
 * npm run load: orders on the shop at a steady rate, to watch faults (docs/faults.md) in the traces.
 * Bounded on purpose: loopback targets only unless --allow-remote, and hard caps on rate and duration.
 */
import { describeError } from '@threadline/service-kit';
import { placeApiOrders, readCatalogue, type Catalogue } from './api-orders';
import { placeBrowserOrders } from './browser-orders';
import { LoadOptionsError, parseLoadOptions, USAGE, type LoadOptions } from './options';
import { seededRandom } from './random';
import { LoadTally, progressLine, summaryLines } from './tally';

const PROGRESS_EVERY_MS = 5000;

async function main(): Promise<number> {
  const options = readOptions(process.argv.slice(2));
  if (typeof options === 'number') return options;
  // With --json, stdout carries the JSON alone; the words go to stderr.
  const say = options.json ? console.error : console.log;

  let catalogue: Catalogue;
  try {
    catalogue = await readCatalogue(options.target);
  } catch (error) {
    console.error(`The shop at ${options.target.origin} did not answer (${describeError(error)}). Is it running (npm start)?`);
    return 1;
  }

  say(
    `[load] ${options.ratePerSecond} orders/s for ${options.durationSeconds} s on ${options.target.origin}: ` +
      `${options.sessions} sessions, ${Math.round(options.badShare * 100)} % for unknown users` +
      `${options.browserOrders > 0 ? `, ${options.browserOrders} by clicking in Chromium` : ''} (seed ${options.seed})`,
  );
  const tally = new LoadTally();
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  const elapsedSeconds = () => (performance.now() - started) / 1000;
  const progress = setInterval(
    () => say(progressLine(tally.summary(), elapsedSeconds(), options.durationSeconds, inFlight.size)),
    PROGRESS_EVERY_MS,
  );

  let browserProblem: string | undefined;
  const work = [placeApiOrders(options, catalogue, seededRandom(options.seed), tally, inFlight)];
  if (options.browserOrders > 0) {
    work.push(
      placeBrowserOrders(options.target, options.browserOrders, tally).catch((error: unknown) => {
        browserProblem = describeError(error);
      }),
    );
  }
  try {
    await Promise.all(work);
  } finally {
    clearInterval(progress);
  }

  const summary = tally.summary();
  for (const line of summaryLines(summary, { shopUrl: options.target.origin, seconds: elapsedSeconds() })) say(line);
  if (browserProblem) console.error(`[load] the browser orders stopped: ${browserProblem}`);
  // Written before the process.exit below, which would cut a pipe's pending write short (the JSON of a
  // long run is several of a pipe's 64 KiB).
  if (options.json) await new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(summary)}\n`, () => resolve()));
  return browserProblem ? 1 : 0;
}

/** The options, or the exit code when there is nothing to run: 0 after --help, 2 for options that cannot run. */
function readOptions(args: string[]): LoadOptions | number {
  try {
    const options = parseLoadOptions(args);
    if (options) return options;
    console.log(USAGE);
    return 0;
  } catch (error) {
    if (!(error instanceof LoadOptionsError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
