import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calibratedOffset, type Clock } from './trace-clock';

/** Wall minus monotonic, in ms, as a process's two clocks really stand. */
const TRUE_OFFSET_MS = 1_700_000_000_000.25;

/**
 * A process's clocks as a busy machine runs them: each read takes a microsecond, and the process is
 * descheduled for `pauseMs` whenever the monotonic time reaches one of `pausesAtMs`.
 */
class PausedClock implements Clock {
  private monotonic = 1000;

  constructor(
    private readonly pausesAtMs: number[],
    private readonly pauseMs: number,
  ) {}

  wallMs(): number {
    return Math.floor(this.read() + TRUE_OFFSET_MS);
  }

  monotonicMs(): number {
    return this.read();
  }

  private read(): number {
    const pauseAt = this.pausesAtMs[0];
    if (pauseAt !== undefined && this.monotonic >= pauseAt) {
      this.pausesAtMs.shift();
      this.monotonic += this.pauseMs;
    }
    const now = this.monotonic;
    this.monotonic += 0.001;
    return now;
  }
}

/** A process descheduled for `pauseMs` just before each read that would see the wall clock's new millisecond. */
class PausedAcrossEveryTick implements Clock {
  private monotonic = 1000;
  private lastWallMs = Math.floor(this.monotonic + TRUE_OFFSET_MS);
  ticksSeen = 0;

  constructor(private readonly pauseMs: number) {}

  wallMs(): number {
    if (Math.floor(this.monotonic + TRUE_OFFSET_MS) !== this.lastWallMs) {
      this.monotonic += this.pauseMs;
      this.ticksSeen += 1;
    }
    this.lastWallMs = Math.floor(this.monotonic + TRUE_OFFSET_MS);
    this.monotonic += 0.001;
    return this.lastWallMs;
  }

  monotonicMs(): number {
    const now = this.monotonic;
    this.monotonic += 0.001;
    return now;
  }
}

describe('calibratedOffset', () => {
  it('reads the offset to the microsecond from the wall clock’s tick', () => {
    const offset = calibratedOffset(new PausedClock([], 0));
    assert.ok(Math.abs(offset - TRUE_OFFSET_MS) < 0.005, `${offset - TRUE_OFFSET_MS} ms off`);
  });

  it('tries the next tick when the process was paused across this one', () => {
    // The wall clock ticks at monotonic 1000.75, 1001.75…: a pause from 1000.5 hides three ticks.
    const offset = calibratedOffset(new PausedClock([1000.5], 3));
    assert.ok(Math.abs(offset - TRUE_OFFSET_MS) < 0.005, `${offset - TRUE_OFFSET_MS} ms off`);
  });

  it('settles for the narrowest tick when every one it tries was paused, and stops trying', () => {
    const clock = new PausedAcrossEveryTick(2);
    const offset = calibratedOffset(clock);
    // The middle of a 2 ms window: at most 1 ms (and the reads' microseconds) from the truth.
    assert.ok(Math.abs(offset - TRUE_OFFSET_MS) <= 1.01, `${offset - TRUE_OFFSET_MS} ms off`);
    assert.ok(clock.ticksSeen <= 10, `${clock.ticksSeen} ticks waited for`);
  });

  it('agrees with the system clock', () => {
    const offset = calibratedOffset({ wallMs: () => Date.now(), monotonicMs: () => performance.now() });
    const roughly = Date.now() - performance.now();
    assert.ok(Math.abs(offset - roughly) < 2, `${offset - roughly} ms apart`);
  });
});
