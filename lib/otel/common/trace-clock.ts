import type { HrTime, TimeInput } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';

/** The two clocks a process has (the browser's and Node's alike). */
export interface Clock {
  /** Wall-clock time, epoch milliseconds (Date.now): right over days, but in whole milliseconds. */
  wallMs(): number;
  /** Monotonic milliseconds since the process began (performance.now): sub-millisecond, but free to drift from the wall clock. */
  monotonicMs(): number;
}

export const SYSTEM_CLOCK: Clock = { wallMs: () => Date.now(), monotonicMs: () => performance.now() };

/**
 * How far the monotonic clock may drift from the wall clock before a new local root reads the wall
 * clock again. Above the millisecond Date.now() rounds to, below anything a trace would show.
 */
export const MAX_DRIFT_MS = 2;

/** Bounds the wait for the wall clock's next millisecond, so a frozen clock (in tests) cannot hang it. */
const MAX_CALIBRATION_READS = 1_000_000;

/**
 * How long the reads around the wall clock's tick may take for the tick to count: longer, and the
 * process was paused among them (descheduled on a busy machine), so the tick could lie anywhere in the
 * pause. A browser's monotonic clock steps by 0.1 ms, so one step must pass.
 */
const MAX_TICK_WINDOW_MS = 0.1;

/** Ticks to try before taking the narrowest one seen: each costs up to a millisecond of waiting. */
const CALIBRATION_TICKS = 10;

/**
 * One clock basis per trace (docs/design-decisions.md, "One clock per trace"). OpenTelemetry JS
 * starts a span at Date.now(), in whole milliseconds, and ends it by the monotonic clock: a child
 * started 0.3 ms after its parent can be recorded starting before it. Here every span of a local
 * trace takes its times from one anchor: the wall clock read once, at the local root, then the
 * monotonic clock. So a child lies inside its parent whenever it does in real time, to the
 * microsecond; and since each local root checks the wall clock again, a long-running process
 * does not drift.
 */
export class TraceClock {
  private offsetMs: number;

  constructor(private readonly clock: Clock = SYSTEM_CLOCK) {
    this.offsetMs = calibratedOffset(clock);
  }

  /** The anchor of a new local root (a span without a local parent). */
  anchor(): TraceAnchor {
    const drift = this.clock.wallMs() - (this.clock.monotonicMs() + this.offsetMs);
    if (Math.abs(drift) > MAX_DRIFT_MS) this.offsetMs = calibratedOffset(this.clock);
    return new TraceAnchor(this.clock, this.offsetMs);
  }
}

/** Times on one trace's clock basis. */
export class TraceAnchor {
  constructor(
    private readonly clock: Clock,
    private readonly offsetMs: number,
  ) {}

  now(): HrTime {
    return millisToHrTime(this.clock.monotonicMs() + this.offsetMs);
  }

  /**
   * A time a caller gave: a performance timestamp (a number below the time origin, as the SDK tells
   * them apart) is put on this basis; epoch numbers, Dates and HrTimes are the caller's and pass as
   * given; none means now. A performance timestamp may lie a little ahead of now: an interaction's
   * end (start plus a duration rounded up to 8 ms) often does, and read as an epoch number it would
   * date the span to January 1970.
   */
  time(input: TimeInput | undefined): TimeInput {
    if (input === undefined) return this.now();
    if (typeof input === 'number' && input < this.offsetMs) return millisToHrTime(input + this.offsetMs);
    return input;
  }
}

/**
 * Wall minus monotonic, read at the moment the wall clock turns to its next millisecond: Date.now()
 * is then exact to the reads' own cost, where at a random moment it is up to 1 ms behind. A tick read
 * across a pause is tried again: taken as it came, a pause of a few milliseconds while the process
 * started set its clock apart from the other services' for good (below MAX_DRIFT_MS, nothing
 * corrects it), and Jaeger flagged their spans for clock skew.
 */
export function calibratedOffset(clock: Clock): number {
  let narrowest: Tick | undefined;
  for (let attempt = 0; attempt < CALIBRATION_TICKS; attempt += 1) {
    const tick = nextTick(clock);
    if (tick === undefined) break;
    if (narrowest === undefined || tick.windowMs < narrowest.windowMs) narrowest = tick;
    if (tick.windowMs <= MAX_TICK_WINDOW_MS) break;
  }
  return narrowest?.offsetMs ?? clock.wallMs() - clock.monotonicMs();
}

interface Tick {
  /** Wall minus monotonic at the tick, taken at the middle of its window. */
  offsetMs: number;
  /** Monotonic time from the last read before the tick to the first read after it: the offset's uncertainty. */
  windowMs: number;
}

/** The wall clock's next millisecond tick, bracketed by monotonic reads; none if the wall clock stands still. */
function nextTick(clock: Clock): Tick | undefined {
  let beforeLastWallRead = clock.monotonicMs();
  const first = clock.wallMs();
  for (let reads = 0; reads < MAX_CALIBRATION_READS; reads += 1) {
    const before = clock.monotonicMs();
    const wall = clock.wallMs();
    const after = clock.monotonicMs();
    if (wall !== first) {
      // The tick came after the previous wall read, which came after beforeLastWallRead, and before this one.
      return { offsetMs: wall - (beforeLastWallRead + after) / 2, windowMs: after - beforeLastWallRead };
    }
    beforeLastWallRead = before;
  }
  return undefined;
}
