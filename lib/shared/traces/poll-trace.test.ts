import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { JaegerTrace } from './jaeger-api';
import { jaegerSpanReader } from './jaeger-span-reader';
import { pollTrace } from './poll-trace';

const recorded = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'order-trace.jaeger.json'), 'utf8')) as {
  data: JaegerTrace[];
};
const fullTrace = recorded.data[0]!;
const userApiProcessIds = Object.entries(fullTrace.processes)
  .filter(([, process]) => process.serviceName === 'user-api')
  .map(([id]) => id);
/** The trace as Jaeger holds it once the web tier's batch has landed and before the user API's has. */
const withoutUserApi: JaegerTrace = {
  ...fullTrace,
  spans: fullTrace.spans.filter((span) => !userApiProcessIds.includes(span.processID)),
};

/** Answers each query with the next trace in line, the last one from then on. */
function replayingClient(answers: (JaegerTrace | null)[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    getTrace: async () => answers[Math.min(calls++, answers.length - 1)] ?? null,
  };
}

const anySpans = (spans: unknown[]) => spans.length > 0;

describe('pollTrace', () => {
  it('does not stop at the first answer that looks ready while spans are still arriving', async () => {
    const client = replayingClient([null, withoutUserApi, withoutUserApi, fullTrace]);
    const result = await pollTrace(jaegerSpanReader(client, fullTrace.traceID), anySpans, {
      timeoutMs: 2000,
      intervalMs: 5,
      quietMs: 50,
    });
    assert.equal(result.ready, true);
    assert.equal(result.spans.length, fullTrace.spans.length);
    assert.ok(client.calls > 4, 'it polled on past the last change until the quiet period ran');
  });

  it('reports not ready, with the spans as they stood, when the wait runs out', async () => {
    const client = replayingClient([withoutUserApi]);
    const result = await pollTrace(
      jaegerSpanReader(client, fullTrace.traceID),
      (spans) => spans.length === fullTrace.spans.length,
      {
        timeoutMs: 100,
        intervalMs: 5,
        quietMs: 10,
      },
    );
    assert.equal(result.ready, false);
    assert.equal(result.spans.length, withoutUserApi.spans.length);
  });

  it('gives a trace that became ready just before the deadline its quiet period', async () => {
    let calls = 0;
    const client = { getTrace: async () => (calls++ < 2 ? withoutUserApi : fullTrace) };
    // Ready within a few ms, but the quiet period ends well after the deadline.
    const result = await pollTrace(
      jaegerSpanReader(client, fullTrace.traceID),
      (spans) => spans.length === fullTrace.spans.length,
      {
        timeoutMs: 200,
        intervalMs: 5,
        quietMs: 400,
      },
    );
    assert.equal(result.ready, true);
  });

  it('treats a failing query as no spans yet', async () => {
    let calls = 0;
    const client = {
      getTrace: async () => {
        calls += 1;
        if (calls < 3) throw new Error('connect ECONNREFUSED');
        return fullTrace;
      },
    };
    const result = await pollTrace(jaegerSpanReader(client, fullTrace.traceID), anySpans, {
      timeoutMs: 2000,
      intervalMs: 5,
      quietMs: 20,
    });
    assert.equal(result.ready, true);
  });
});

describe('pollTrace, as the trace view uses it', () => {
  const spansOf = (trace: JaegerTrace) => jaegerSpanReader({ getTrace: async () => trace }, trace.traceID)();

  it('reports each read that does not end the wait, with why a read failed, and carries on', async () => {
    let reads = 0;
    const progress: (string | undefined)[] = [];
    const result = await pollTrace(
      async () => {
        reads += 1;
        if (reads < 3) throw new Error('Jaeger is not answering.');
        return spansOf(fullTrace);
      },
      anySpans,
      {
        timeoutMs: 2000,
        intervalMs: 5,
        quietMs: 20,
        onWaiting: ({ spans, problem }) => progress.push(`${spans.length}:${problem}`),
      },
    );
    assert.equal(result.ready, true);
    assert.equal(result.problem, undefined);
    assert.deepEqual(progress.slice(0, 2), ['0:Jaeger is not answering.', '0:Jaeger is not answering.']);
    assert.equal(progress[2], `${fullTrace.spans.length}:undefined`);
  });

  it('dates a settled trace from when its final span set first appeared, not from when it settled', async () => {
    let reads = 0;
    let fullFirstReadAt: number | undefined;
    const result = await pollTrace(
      async () => {
        if (++reads < 3) return spansOf(withoutUserApi);
        fullFirstReadAt ??= Date.now();
        return spansOf(fullTrace);
      },
      anySpans,
      { timeoutMs: 2000, intervalMs: 5, quietMs: 100 },
    );
    assert.equal(result.ready, true);
    assert.ok(fullFirstReadAt !== undefined && result.settledAtMs !== undefined);
    assert.ok(
      result.settledAtMs >= fullFirstReadAt && result.settledAtMs < fullFirstReadAt + 50,
      'the first read of the final set, not the quiet period’s end',
    );
  });

  it('waits longer while an answered call has no callee spans under it, then accepts the trace as it is', async () => {
    const started = Date.now();
    const result = await pollTrace(() => spansOf(withoutUserApi), anySpans, {
      timeoutMs: 2000,
      intervalMs: 5,
      quietMs: 10,
      untracedCalleeGraceMs: 150,
    });
    assert.equal(result.ready, true);
    assert.ok(Date.now() - started >= 150, 'it gave the callee its grace');
  });

  it('gives its verdict at the deadline when allowed no overtime, even for a ready trace not yet quiet', async () => {
    const result = await pollTrace(() => spansOf(fullTrace), anySpans, {
      timeoutMs: 50,
      intervalMs: 5,
      quietMs: 400,
      readyOvertimeMs: 0,
    });
    assert.equal(result.ready, false);
    assert.equal(result.spans.length, fullTrace.spans.length);
  });

  it('stops at once when its signal aborts, without reading again or reporting', async () => {
    const stop = new AbortController();
    let reads = 0;
    let reports = 0;
    const started = Date.now();
    const result = await pollTrace(
      async () => {
        reads += 1;
        return spansOf(withoutUserApi);
      },
      () => false,
      {
        timeoutMs: 10_000,
        intervalMs: 5000,
        signal: stop.signal,
        onWaiting: () => {
          reports += 1;
          stop.abort();
        },
      },
    );
    assert.equal(result.ready, false);
    assert.equal(reads, 1);
    assert.equal(reports, 1);
    assert.ok(Date.now() - started < 1000, 'the pause between reads ended with the abort');
  });
});
