import { setTimeout as sleep } from 'node:timers/promises';
import { context, trace, type Span } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import {
  ApiError,
  faultDelayMs,
  faultFires,
  INJECTED_FAULT_ATTRIBUTE,
  INJECTED_FAULTS,
  parseFaultChange,
  type FaultFieldKind,
} from '@threadline/service-kit';
import { userApiLogger as logger, userApiTracer as tracer } from './telemetry';

/** The user API's faults (docs/faults.md). 0 is off, and every one is off unless switched on. */
export interface UserApiFaults {
  /** Added to every user request (GET /users, GET /users/:id), in a child span "injected latency". */
  latencyMs: number;
  /** Up to this much more, evenly spread, on top of latencyMs. */
  jitterMs: number;
  /** Share of user lookups (GET /users/:id) that fail with 500 `injected_failure`. */
  errorRate: number;
  /** Waited inside every `SELECT users` database span. */
  slowQueryMs: number;
}

const USER_API_FAULT_FIELDS: Readonly<Record<keyof UserApiFaults, FaultFieldKind>> = {
  latencyMs: 'ms',
  jitterMs: 'ms',
  errorRate: 'ratio',
  slowQueryMs: 'ms',
};

/** Where the switches are kept: the service's database, so every replica reads the same ones. */
export interface FaultStorage {
  readFaults(): Promise<UserApiFaults | undefined>;
  writeFaults(faults: UserApiFaults): Promise<void>;
}

/**
 * How long a replica trusts the switches it last read: a switch flipped through one replica reaches
 * every other within this, without a read per request.
 */
export const FAULTS_READ_EVERY_MS = 1000;

/** The switches GET and PUT /faults read and flip while the service runs. */
export interface FaultSwitches {
  current(): Promise<UserApiFaults>;
  /** Applies a PUT body (a 422 for a bad one): the fields it names change, the others keep their value. */
  change(body: unknown): Promise<UserApiFaults>;
}

/** The switches as stored; `initial` (the FAULT_* variables) until one is first switched. */
export function createFaultSwitches(initial: UserApiFaults, storage: FaultStorage, now: () => number = Date.now): FaultSwitches {
  let cached: { faults: Promise<UserApiFaults>; readAtMs: number } | undefined;
  const current = () => {
    if (cached && now() - cached.readAtMs < FAULTS_READ_EVERY_MS) return cached.faults;
    // Untraced: the once-a-second read lands in whichever request comes by (or, the first, in no
    // trace at all), so tracing it would change a trace's shape by timing alone.
    const faults = context
      .with(suppressTracing(context.active()), () => storage.readFaults())
      .then((stored) => stored ?? { ...initial });
    cached = { faults, readAtMs: now() };
    faults.catch(() => (cached = undefined));
    return faults;
  };
  return {
    current,
    async change(body) {
      const faults = { ...(await current()), ...parseFaultChange(body, USER_API_FAULT_FIELDS) };
      await storage.writeFaults(faults);
      cached = { faults: Promise.resolve(faults), readAtMs: now() };
      // A person who wonders why the service is slow finds the reason in its log too.
      logger.warn({ faults }, 'fault settings changed');
      return faults;
    },
  };
}

/** Switches kept in memory: a process of its own (tests). */
export function inMemoryFaultStorage(): FaultStorage {
  let stored: UserApiFaults | undefined;
  return {
    readFaults: async () => stored,
    writeFaults: async (faults) => {
      stored = { ...faults };
    },
  };
}

/** Waits the injected latency, if any, in a child span of the request's span that names the fault. */
export async function injectLatency(faults: UserApiFaults, random: () => number = Math.random): Promise<void> {
  const delayMs = faultDelayMs(faults.latencyMs, faults.jitterMs, random);
  if (delayMs === 0) return;
  await tracer.startActiveSpan(
    'injected latency',
    { attributes: { [INJECTED_FAULT_ATTRIBUTE]: INJECTED_FAULTS.userApiLatency, 'threadline.fault.delay_ms': delayMs } },
    async (span) => {
      try {
        await sleep(delayMs);
      } finally {
        span.end();
      }
    },
  );
}

/** Fails this lookup on purpose when the error fault hits it: a 500, and the request's span names the fault. */
export function injectLookupFailure(faults: UserApiFaults, random: () => number = Math.random): void {
  if (!faultFires(faults.errorRate, random)) return;
  trace.getActiveSpan()?.setAttribute(INJECTED_FAULT_ATTRIBUTE, INJECTED_FAULTS.userApiError);
  throw new ApiError(
    500,
    'injected_failure',
    'This user lookup failed on purpose: the user API error fault is on (see /faults).',
  );
}

/**
 * Makes a query slow: waits inside its database span, as a query held up by a lock or a cold cache
 * would. A wait rather than real database work, because better-sqlite3 runs on the event loop and
 * busy work there would stall every other request too, which is a different fault.
 */
export async function injectSlowQuery(faults: UserApiFaults, dbSpan: Span): Promise<void> {
  if (faults.slowQueryMs === 0) return;
  dbSpan.setAttributes({
    [INJECTED_FAULT_ATTRIBUTE]: INJECTED_FAULTS.userApiSlowQuery,
    'threadline.fault.delay_ms': faults.slowQueryMs,
  });
  await sleep(faults.slowQueryMs);
}
