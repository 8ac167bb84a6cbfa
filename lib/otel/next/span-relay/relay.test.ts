import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, it } from 'node:test';
import { DEFAULT_REDACTION_POLICY } from '@threadline/otel-common';
import { SERVICE_NAMES } from '@threadline/stack-layout';
import { ApiError } from '@threadline/service-kit';
import { isSameSiteOrAllowed, relaySpans, type BatchRateLimit, type SpanRelayOptions, type SpanRelayReporter } from './relay';
import {
  attribute,
  browserResourceAttributes,
  DEFAULT_LIMITS,
  jsonBatch,
  jsonSpan,
  utf8,
  type JsonValue,
  TEST_SESSION_ID,
} from './test-batches';

function post(url: string, headers: Record<string, string>): Request {
  return new Request(url, { method: 'POST', headers });
}

describe('isSameSiteOrAllowed', () => {
  it('accepts a page served from the host the browser asked for, whatever address the server listens on', () => {
    // next start -H 127.0.0.1 builds request.url from 127.0.0.1, while the person opened localhost.
    assert.equal(
      isSameSiteOrAllowed(
        post('http://127.0.0.1:3000/otlp/v1/traces', { origin: 'http://localhost:3000', host: 'localhost:3000' }),
        [],
      ),
      true,
    );
    assert.equal(
      isSameSiteOrAllowed(
        post('http://127.0.0.1:3000/otlp/v1/traces', { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }),
        [],
      ),
      true,
    );
  });

  it('refuses another site’s page, unless configured, and lets non-browser clients through', () => {
    const request = post('http://127.0.0.1:3000/otlp/v1/traces', { origin: 'https://evil.example', host: 'localhost:3000' });
    assert.equal(isSameSiteOrAllowed(request, []), false);
    assert.equal(isSameSiteOrAllowed(request, ['https://evil.example']), true);
    assert.equal(
      isSameSiteOrAllowed(post('http://127.0.0.1:3000/otlp/v1/traces', { origin: 'null', host: 'localhost:3000' }), []),
      false,
    );
    assert.equal(isSameSiteOrAllowed(post('http://127.0.0.1:3000/otlp/v1/traces', {}), []), true);
  });
});

/** A stand-in collector on loopback that records what reaches it and answers as Jaeger does. */
async function startCollector(answer: { status: number; body: string } = { status: 200, body: '{"partialSuccess":{}}' }) {
  const received: { contentType: string | undefined; body: string }[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ contentType: request.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/v1/traces`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function recordingReporter() {
  const refused: string[] = [];
  const dropped: [string, number][] = [];
  const reporter: SpanRelayReporter = {
    refused: (reason) => refused.push(reason),
    dropped: (counts) => dropped.push(...counts),
  };
  return { reporter, refused, dropped };
}

/** A limit that lets `burst` batches through and then none, as a token bucket that never refills. */
function burstOf(burst: number): BatchRateLimit {
  let left = burst;
  return { tryTake: () => left-- > 0 };
}

function optionsFor(collectorTracesUrl: string, reporter: SpanRelayReporter): SpanRelayOptions {
  return {
    collectorTracesUrl,
    maxBytes: 1024 * 1024,
    timeoutMs: 2_000,
    extraAllowedOrigins: [],
    limiter: burstOf(100),
    clientOf: () => '127.0.0.1',
    // Which traces a visit owns is visit-scope.test.ts's subject; here every batch is its visit's,
    // under the session.id the test batches carry, so what is forwarded can be compared whole.
    visitOf: () => ({ sessions: [{ sessionId: TEST_SESSION_ID, traceIdPrefix: '' }] }),
    globalLimiter: burstOf(100),
    policy: { browserServiceName: SERVICE_NAMES.browser, limits: DEFAULT_LIMITS, redaction: DEFAULT_REDACTION_POLICY },
    reporter,
  };
}

function otlpPost(body: Uint8Array | string, contentType: string): Request {
  return new Request('http://127.0.0.1:3000/otlp/v1/traces', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
}

/** What relaySpans answers, with an ApiError turned into its response as the route does. */
async function relay(request: Request, options: SpanRelayOptions): Promise<Response> {
  try {
    return await relaySpans(request, options);
  } catch (error) {
    if (error instanceof ApiError) return Response.json(error.toBody(), { status: error.status });
    throw error;
  }
}

describe('relaySpans', () => {
  it('forwards an accepted batch as redacted OTLP/JSON, and counts what it dropped', async () => {
    const collector = await startCollector();
    const { reporter, refused, dropped } = recordingReporter();
    try {
      const batch = jsonBatch(
        [
          jsonSpan(Date.now(), {
            attributes: [attribute('user.email', 'victim@example.com'), attribute('note', 'mail victim@example.com')],
          }),
        ],
        { resourceAttributes: [...browserResourceAttributes(), attribute('host.name', 'forged')] },
      );
      const response = await relay(otlpPost(utf8(batch), 'application/json'), optionsFor(collector.url, reporter));
      assert.equal(response.status, 200);
      assert.equal(collector.received.length, 1);
      const [forwarded] = collector.received;
      assert.equal(forwarded!.contentType, 'application/json');
      assert.equal(forwarded!.body.includes('victim@example.com'), false);
      assert.equal(forwarded!.body.includes('host.name'), false);
      assert.match(forwarded!.body, /"key":"user.email","value":\{"stringValue":"REDACTED"\}/);
      assert.deepEqual(refused, []);
      assert.deepEqual(dropped, [['resource_attribute_not_allowed', 1]]);
    } finally {
      await collector.close();
    }
  });

  it('refuses a protobuf batch with 415 naming the one encoding it takes, before reading or sending it', async () => {
    const collector = await startCollector();
    const { reporter, refused } = recordingReporter();
    try {
      const response = await relay(
        otlpPost(new Uint8Array([0x0a, 0x00]), 'application/x-protobuf'),
        optionsFor(collector.url, reporter),
      );
      assert.equal(response.status, 415);
      assert.deepEqual(await response.json(), {
        error: {
          code: 'unsupported_media_type',
          message: 'Send OTLP as application/json: this relay takes OTLP/JSON only.',
        },
      });
      assert.deepEqual(refused, ['unsupported_media_type']);
      assert.equal(collector.received.length, 0);
    } finally {
      await collector.close();
    }
  });

  it('refuses a forged batch with 400 before sending anything, and reports why', async () => {
    const collector = await startCollector();
    const { reporter, refused } = recordingReporter();
    try {
      // The first span is the browser's; the second resource claims the user API: none of it may pass.
      const batch = jsonBatch([jsonSpan(Date.now())]);
      (batch.resourceSpans as JsonValue[]).push(
        (
          jsonBatch([jsonSpan(Date.now(), { name: 'DROP TABLE users' })], {
            resourceAttributes: [attribute('service.name', 'user-api')],
          }).resourceSpans as JsonValue[]
        )[0]!,
      );
      const response = await relay(otlpPost(utf8(batch), 'application/json'), optionsFor(collector.url, reporter));
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), {
        error: { code: 'foreign_service', message: 'Only spans whose resource has service.name "shop-browser" are relayed.' },
      });
      assert.deepEqual(refused, ['foreign_service']);
      assert.equal(collector.received.length, 0);
    } finally {
      await collector.close();
    }
  });

  it('answers 4xx for a malformed batch even while the collector is down, and 503 with Retry-After for a good one', async () => {
    const collector = await startCollector();
    await collector.close();
    const { reporter, refused } = recordingReporter();
    const options = optionsFor(collector.url, reporter);
    const garbled = await relay(otlpPost('{"resourceSpans": [', 'application/json'), options);
    assert.equal(garbled.status, 400);
    assert.deepEqual(await garbled.json(), {
      error: { code: 'invalid_otlp', message: 'Not an OTLP span batch: the body is not valid UTF-8 JSON.' },
    });
    const good = await relay(otlpPost(utf8(jsonBatch([jsonSpan(Date.now())])), 'application/json'), options);
    assert.equal(good.status, 503);
    assert.equal(good.headers.get('retry-after'), '3');
    // The 503 is counted too: a collector that is down shows in the relay's metrics and log.
    assert.deepEqual(refused, ['invalid_otlp', 'collector_unavailable']);
  });

  it('answers an empty batch itself, without troubling the collector', async () => {
    const collector = await startCollector();
    const { reporter } = recordingReporter();
    try {
      const response = await relay(otlpPost('{"resourceSpans":[]}', 'application/json'), optionsFor(collector.url, reporter));
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), {});
      assert.equal(collector.received.length, 0);
    } finally {
      await collector.close();
    }
  });

  it('passes on the collector’s refusal with its status', async () => {
    const collector = await startCollector({ status: 400, body: '{"code":3,"message":"bad"}' });
    const { reporter } = recordingReporter();
    try {
      const response = await relay(
        otlpPost(utf8(jsonBatch([jsonSpan(Date.now())])), 'application/json'),
        optionsFor(collector.url, reporter),
      );
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { code: 3, message: 'bad' });
    } finally {
      await collector.close();
    }
  });

  it('counts requests refused before decoding too: origin, rate, media type, size', async () => {
    const { reporter, refused } = recordingReporter();
    // A burst of two: the 415 and the 413 take a token each (the origin check comes before the limit).
    const options = {
      ...optionsFor('http://127.0.0.1:9/v1/traces', reporter),
      maxBytes: 10,
      limiter: burstOf(2),
    };
    const statuses: number[] = [];
    const send = async (request: Request) => statuses.push((await relay(request, options)).status);
    await send(
      new Request('http://127.0.0.1:3000/otlp/v1/traces', { method: 'POST', headers: { origin: 'https://evil.example' } }),
    );
    await send(otlpPost('hello', 'text/plain'));
    await send(otlpPost('{"resourceSpans":[], "padding": 1}', 'application/json'));
    await send(otlpPost('{}', 'application/json'));
    assert.deepEqual(statuses, [403, 415, 413, 429]);
    assert.deepEqual(refused, ['forbidden_origin', 'unsupported_media_type', 'body_too_large', 'rate_limited']);
  });
});
