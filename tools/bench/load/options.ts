import { parseArgs } from 'node:util';
import { DEFAULT_URLS } from '@threadline/stack-layout';
import { isLoopbackHost } from '@threadline/service-kit';

/** What `npm run load` was asked to do, validated. */
export interface LoadOptions {
  /** The shop, by default the local one. */
  target: URL;
  /** Orders per second through the API. */
  ratePerSecond: number;
  durationSeconds: number;
  /** Share of orders for a user who does not exist (refused with 422). */
  badShare: number;
  /** Simulated browser sessions: each sends its own `baggage: session.id=…` and keeps its own cookie. */
  sessions: number;
  /** Orders placed by clicking in Chromium, beside the API orders. */
  browserOrders: number;
  /** Seeds the choice of sessions, users, products and bad orders, so a run can be repeated. */
  seed: number;
  /** Prints the summary as one JSON object on stdout (progress goes to stderr). */
  json: boolean;
  /**
   * How many times an order that got no answer, or a 502, 503 or 504, is sent again with the same
   * Idempotency-Key, as a careful client would: the shop stores it once whichever attempt lands.
   */
  retries: number;
}

/** Hard caps: this is a demo's load, to make faults visible, not a benchmark (npm run bench is that). */
export const LOAD_LIMITS = {
  maxRatePerSecond: 50,
  maxDurationSeconds: 300,
  maxSessions: 100,
  maxBrowserOrders: 20,
  maxRetries: 10,
} as const;

export const USAGE = `npm run load -- [options]

Places orders on the shop through its API and prints what came back: orders placed and failed (by
status), p50/p99 latency and traces sampled. Every order starts a sampled trace of its own.

  --rate <n>          orders per second (default 5, at most ${LOAD_LIMITS.maxRatePerSecond})
  --duration <s>      seconds to run (default 20, at most ${LOAD_LIMITS.maxDurationSeconds})
  --bad-share <0..1>  share of orders for an unknown user, refused with 422 (default 0.1)
  --sessions <n>      simulated sessions, each with its own session.id baggage (default 3)
  --browser <n>       also place n orders by clicking in Chromium (default 0)
  --target <url>      the shop (default ${DEFAULT_URLS.shop}); only loopback unless --allow-remote
  --allow-remote      allow a target that is not on this machine
  --seed <n>          repeat a run's choices (default: random, printed)
  --retries <n>       send an order again (same Idempotency-Key) after no answer or a 502/503/504,
                      up to n times, waiting as Retry-After says (default 0, at most ${LOAD_LIMITS.maxRetries})
  --json              print the summary as JSON on stdout
  --help              this text`;

/** Thrown for options that cannot run; its message says which and why. */
export class LoadOptionsError extends Error {
  override name = 'LoadOptionsError';
}

/** Reads the command line; `undefined` means --help was asked for. */
export function parseLoadOptions(args: readonly string[], randomSeed: () => number = defaultSeed): LoadOptions | undefined {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        rate: { type: 'string' },
        duration: { type: 'string' },
        'bad-share': { type: 'string' },
        sessions: { type: 'string' },
        browser: { type: 'string' },
        target: { type: 'string' },
        'allow-remote': { type: 'boolean' },
        seed: { type: 'string' },
        json: { type: 'boolean' },
        retries: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new LoadOptionsError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return undefined;

  const target = parseTarget(values.target ?? DEFAULT_URLS.shop);
  if (!isLoopbackHost(target.hostname) && !values['allow-remote']) {
    throw new LoadOptionsError(
      `--target ${target.origin} is not on this machine; load is sent only to loopback unless you pass --allow-remote (and own that shop).`,
    );
  }
  return {
    target,
    ratePerSecond: numberIn('--rate', values.rate, 5, { min: 0, minIncluded: false, max: LOAD_LIMITS.maxRatePerSecond }),
    durationSeconds: numberIn('--duration', values.duration, 20, {
      min: 0,
      minIncluded: false,
      max: LOAD_LIMITS.maxDurationSeconds,
    }),
    badShare: numberIn('--bad-share', values['bad-share'], 0.1, { min: 0, max: 1 }),
    sessions: wholeNumberIn('--sessions', values.sessions, 3, 1, LOAD_LIMITS.maxSessions),
    browserOrders: wholeNumberIn('--browser', values.browser, 0, 0, LOAD_LIMITS.maxBrowserOrders),
    seed: values.seed === undefined ? randomSeed() : wholeNumberIn('--seed', values.seed, 0, 0, 2 ** 32 - 1),
    json: values.json ?? false,
    retries: wholeNumberIn('--retries', values.retries, 0, 0, LOAD_LIMITS.maxRetries),
  };
}

function parseTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new LoadOptionsError(`--target "${raw}" is not a URL (e.g. ${DEFAULT_URLS.shop})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new LoadOptionsError(`--target "${raw}" must be an http(s) URL`);
  return url;
}

function numberIn(
  option: string,
  raw: string | undefined,
  fallback: number,
  { min, max, minIncluded = true }: { min: number; max: number; minIncluded?: boolean },
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  const inRange = (minIncluded ? value >= min : value > min) && value <= max;
  if (raw.trim() === '' || !Number.isFinite(value) || !inRange) {
    const range = minIncluded ? `from ${min} to ${max}` : `above ${min} and at most ${max}`;
    throw new LoadOptionsError(`${option} ${raw}: must be a number ${range}`);
  }
  return value;
}

function wholeNumberIn(option: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new LoadOptionsError(`${option} ${raw}: must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function defaultSeed(): number {
  return Math.floor(Math.random() * 2 ** 32);
}
