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
} from '@threadline/service-kit';
import { USER_API_FAULT_FIELDS, type UserApiFaultSettings } from '../client/contract';
import { userApiLogger as logger, userApiTracer as tracer } from './telemetry';

/** Where the switches are kept: the service's database, so every replica reads the same ones. */
export interface FaultStorage {
  readFaults(): Promise<UserApiFaultSettings | undefined>;
  writeFaults(faults: UserApiFaultSettings): Promise<void>;
}

/**
 * How long a replica trusts the switches it last read: a switch flipped through one replica reaches
 * every other within this, without a read per request.
 */
export const FAULTS_READ_EVERY_MS = 1000;

/** The switches GET and PUT /faults read and flip while the service runs. */
export interface FaultSwitches {
  current(): Promise<UserApiFaultSettings>;
  /** Applies a PUT body (a 422 for a bad one): the fields it names change, the others keep their value. */
  change(body: unknown): Promise<UserApiFaultSettings>;
}

/** The switches as stored; `initial` (the FAULT_* variables) until one is first switched. */
export function createFaultSwitches(
  initial: UserApiFaultSettings,
  storage: FaultStorage,
  now: () => number = Date.now,
): FaultSwitches {
  let cached: { faults: Promise<UserApiFaultSettings>; readAtMs: number } | undefined;
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
  let stored: UserApiFaultSettings | undefined;
  return {
    readFaults: async () => stored,
    writeFaults: async (faults) => {
      stored = { ...faults };
    },
  };
}

/** Waits the injected latency, if any, in a child span of the request's span that names the fault. */
export async function injectLatency(faults: UserApiFaultSettings, random: () => number = Math.random): Promise<void> {
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
export function injectLookupFailure(faults: UserApiFaultSettings, random: () => number = Math.random): void {
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
export async function injectSlowQuery(faults: UserApiFaultSettings, dbSpan: Span): Promise<void> {
  if (faults.slowQueryMs === 0) return;
  dbSpan.setAttributes({
    [INJECTED_FAULT_ATTRIBUTE]: INJECTED_FAULTS.userApiSlowQuery,
    'threadline.fault.delay_ms': faults.slowQueryMs,
  });
  await sleep(faults.slowQueryMs);
}
