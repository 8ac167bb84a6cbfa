import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  DEFAULT_REDACTION_POLICY as policy,
  redactAttributes,
  redactionPolicyFromEnv,
  redactSpan,
  redactString,
} from './redaction';

describe('redactString', () => {
  it('replaces emails (also percent-encoded), bearer credentials and card numbers', () => {
    assert.equal(redactString('user ada@example.com failed', policy), 'user REDACTED failed');
    assert.equal(redactString('/api?x=ada%40example.com', policy), '/api?x=REDACTED');
    assert.equal(redactString('Bearer eyJhbGciOi.abc-def', policy), 'Bearer REDACTED');
    assert.equal(redactString('paid with 4111 1111 1111 1111', policy), 'paid with REDACTED');
    assert.equal(redactString('4111-1111-1111-1111', policy), 'REDACTED');
  });

  it('keeps numbers that only look long, such as IDs and timestamps that fail the card checksum', () => {
    assert.equal(redactString('order 1234567890123 at 1700000000000', policy), 'order 1234567890123 at 1700000000000');
  });

  it('keeps a URL’s shape and replaces only the secret query values', () => {
    assert.equal(
      redactString('http://127.0.0.1:3000/api/orders?token=s3cr3t&page=2&Email=a&card=4111111111111111#top', policy),
      'http://127.0.0.1:3000/api/orders?token=REDACTED&page=2&Email=REDACTED&card=REDACTED#top',
    );
  });
});

describe('redactAttributes', () => {
  it('replaces configured keys whole, and cleans every other string', () => {
    assert.deepEqual(
      redactAttributes(
        {
          authorization: 'Bearer x',
          'app.user.name': 'Ada Lovelace',
          'http.target': '/a?session=1',
          'db.query.text': 'SELECT ?',
          count: 3,
          tags: ['ada@example.com', 'ok'],
        },
        policy,
      ),
      {
        authorization: 'REDACTED',
        'app.user.name': 'REDACTED',
        'http.target': '/a?session=REDACTED',
        'db.query.text': 'SELECT ?',
        count: 3,
        tags: ['REDACTED', 'ok'],
      },
    );
  });

  it('takes extra keys and parameters from the environment', () => {
    const custom = redactionPolicyFromEnv({ REDACT_ATTRIBUTE_KEYS: 'app.user.id', REDACT_QUERY_PARAMS: 'ssn' });
    assert.deepEqual(redactAttributes({ 'app.user.id': '42', url: '/x?ssn=123' }, custom), {
      'app.user.id': 'REDACTED',
      url: '/x?ssn=REDACTED',
    });
  });
});

describe('redactSpan', () => {
  it('returns a cleaned copy and leaves the original span as it was', () => {
    const original = {
      name: 'fetch GET http://x/?token=abc',
      kind: SpanKind.CLIENT,
      spanContext: () => ({ traceId: 't'.repeat(32), spanId: 's'.repeat(16), traceFlags: 1 }),
      parentSpanContext: undefined,
      startTime: [1, 0],
      endTime: [2, 0],
      status: { code: 2, message: 'no user ada@example.com' },
      attributes: { 'url.full': 'http://x/?token=abc' },
      links: [],
      events: [{ name: 'exception', time: [1, 5], attributes: { 'exception.message': 'cookie: a=b for ada@example.com' } }],
      duration: [1, 0],
      ended: true,
      resource: {} as ReadableSpan['resource'],
      instrumentationScope: { name: 'test' },
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    } as unknown as ReadableSpan;
    const clean = redactSpan(original, policy);
    assert.equal(clean.name, 'fetch GET http://x/?token=REDACTED');
    assert.equal(clean.attributes['url.full'], 'http://x/?token=REDACTED');
    assert.equal(clean.status.message, 'no user REDACTED');
    assert.equal(clean.events[0]!.attributes!['exception.message'], 'cookie: a=b for REDACTED');
    assert.equal(clean.spanContext().spanId, 's'.repeat(16));
    assert.equal(original.attributes['url.full'], 'http://x/?token=abc');
  });
});
