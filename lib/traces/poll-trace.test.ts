import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { JaegerTrace } from './jaeger-api';
import { pollTrace } from './poll-trace';

const recorded = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'order-trace.jaeger.json'), 'utf8')) as { data: JaegerTrace[] };
const fullTrace = recorded.data[0]!;
const userApiProcessIds = Object.entries(fullTrace.processes)
  .filter(([, process]) => process.serviceName === 'user-api')
  .map(([id]) => id);
/** The trace as Jaeger holds it once the web tier's batch has landed and before the user API's has. */
const withoutUserApi: JaegerTrace = { ...fullTrace, spans: fullTrace.spans.filter((span) => !userApiProcessIds.includes(span.processID)) };

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
    const result = await pollTrace(client, fullTrace.traceID, anySpans, { timeoutMs: 2000, intervalMs: 5, quietMs: 50 });
    assert.equal(result.ready, true);
    assert.equal(result.spans.length, fullTrace.spans.length);
    assert.ok(client.calls > 4, 'it polled on past the last change until the quiet period ran');
  });

  it('reports not ready, with the spans as they stood, when the wait runs out', async () => {
    const client = replayingClient([withoutUserApi]);
    const result = await pollTrace(client, fullTrace.traceID, (spans) => spans.length === fullTrace.spans.length, {
      timeoutMs: 100,
      intervalMs: 5,
      quietMs: 10,
    });
    assert.equal(result.ready, false);
    assert.equal(result.spans.length, withoutUserApi.spans.length);
  });

  it('gives a trace that became ready just before the deadline its quiet period', async () => {
    let calls = 0;
    const client = { getTrace: async () => (calls++ < 2 ? withoutUserApi : fullTrace) };
    // Ready within a few ms, but the quiet period ends well after the deadline.
    const result = await pollTrace(client, fullTrace.traceID, (spans) => spans.length === fullTrace.spans.length, {
      timeoutMs: 200,
      intervalMs: 5,
      quietMs: 400,
    });
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
    const result = await pollTrace(client, fullTrace.traceID, anySpans, { timeoutMs: 2000, intervalMs: 5, quietMs: 20 });
    assert.equal(result.ready, true);
  });
});
