import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from './api-error';
import { mediaTypeOf, readBodyWithLimit, readJsonBody } from './request-body';

function post(body: BodyInit, headers: Record<string, string> = { 'content-type': 'application/json' }): Request {
  return new Request('http://shop.test/api/orders', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    return error;
  }
  assert.fail('expected the body to be refused');
}

/**
 * A body that arrives in chunks and never declares its length, as a lying or streaming client sends
 * it; `pulled()` says how many chunks the reader asked for.
 */
function streamOf(chunks: number, chunkSize: number): ReadableStream<Uint8Array> & { pulled: () => number } {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ === chunks) controller.close();
      else controller.enqueue(new Uint8Array(chunkSize).fill(32));
    },
  });
  return Object.assign(stream, { pulled: () => sent });
}

describe('mediaTypeOf', () => {
  it('drops parameters and case', () => {
    assert.equal(mediaTypeOf('Application/JSON; charset=utf-8'), 'application/json');
    assert.equal(mediaTypeOf(null), '');
  });
});

describe('readJsonBody', () => {
  it('parses JSON within the limit', async () => {
    assert.deepEqual(await readJsonBody(post('{"a":1}'), 100), { a: 1 });
  });

  it('refuses another media type with 415, broken JSON with 400 and a large body with 413', async () => {
    assert.equal((await refusal(readJsonBody(post('{}', { 'content-type': 'text/plain' }), 100))).status, 415);
    assert.equal((await refusal(readJsonBody(post('{"a":'), 100))).code, 'invalid_json');
    assert.equal((await refusal(readJsonBody(post(JSON.stringify({ pad: 'x'.repeat(200) })), 100))).status, 413);
  });
});

describe('readBodyWithLimit', () => {
  it('stops reading a body without Content-Length as soon as it passes the limit', async () => {
    const body = streamOf(1000, 1024);
    const error = await refusal(readBodyWithLimit(post(body), 4096));
    assert.equal(error.code, 'body_too_large');
    // Five chunks pass the 4096-byte limit; the stream may have one more queued, never the rest.
    assert.ok(body.pulled() <= 7, `read ${body.pulled()} of 1000 chunks`);
  });

  it('returns the whole body when it fits exactly', async () => {
    assert.equal((await readBodyWithLimit(post(streamOf(4, 1024)), 4096)).byteLength, 4096);
  });
});
