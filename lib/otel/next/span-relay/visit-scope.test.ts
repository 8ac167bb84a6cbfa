import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '@threadline/service-kit';
import type { OtlpBatch, OtlpSpan } from './otlp-batch';
import { scopeBatchToVisit } from './visit-scope';

const PREFIX = '0123456789abcdef';
const VISIT = {
  sessions: [
    { sessionId: 'f'.repeat(32), traceIdPrefix: PREFIX },
    { sessionId: 'e'.repeat(32), traceIdPrefix: 'fedcba9876543210' },
  ],
};

function span(traceId: string): OtlpSpan {
  return {
    traceId,
    spanId: '1'.repeat(16),
    parentSpanId: '',
    traceState: '',
    name: 'click Place order',
    kind: 1,
    startTimeUnixNano: 1n,
    endTimeUnixNano: 2n,
    attributes: [],
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: 0, message: '' },
    flags: 1,
  };
}

function batch(traceIds: string[], sessionId = 'claimed-by-the-page'): OtlpBatch {
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { type: 'string', value: 'shop-browser' } },
            { key: 'session.id', value: { type: 'string', value: sessionId } },
          ],
          droppedAttributesCount: 0,
        },
        scopeSpans: [
          {
            scope: { name: 's', version: '', attributes: [], droppedAttributesCount: 0 },
            spans: traceIds.map(span),
            schemaUrl: '',
          },
        ],
        schemaUrl: '',
      },
    ],
  };
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return `${error.status} ${error.code}`;
    throw error;
  }
  return 'accepted';
}

describe('scopeBatchToVisit', () => {
  it('takes spans of the visit’s own traces, each under the session.id of the visit that started it, whatever the page claimed', () => {
    const current = `${PREFIX}${'2'.repeat(16)}`;
    const replaced = `fedcba9876543210${'3'.repeat(16)}`;
    const scoped = scopeBatchToVisit(batch([current, replaced, current]), VISIT);
    const filed = scoped.resourceSpans.map((resourceSpans) => ({
      sessionIds: resourceSpans.resource.attributes.filter((attribute) => attribute.key === 'session.id').map((a) => a.value),
      traceIds: resourceSpans.scopeSpans.flatMap((scopeSpans) => scopeSpans.spans.map((span) => span.traceId)),
    }));
    assert.deepEqual(filed, [
      { sessionIds: [{ type: 'string', value: 'f'.repeat(32) }], traceIds: [current, current] },
      { sessionIds: [{ type: 'string', value: 'e'.repeat(32) }], traceIds: [replaced] },
    ]);
  });

  it('refuses a whole batch with one span in another visit’s trace', () => {
    const victims = `aaaaaaaaaaaaaaaa${'2'.repeat(16)}`;
    assert.equal(
      refusal(() => scopeBatchToVisit(batch([`${PREFIX}${'2'.repeat(16)}`, victims]), VISIT)),
      '403 foreign_trace',
    );
  });

  it('refuses a batch that comes with no visit', () => {
    assert.equal(
      refusal(() => scopeBatchToVisit(batch([`${PREFIX}${'2'.repeat(16)}`]), undefined)),
      '403 no_visit',
    );
  });
});
