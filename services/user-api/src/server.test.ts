import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createFaultSwitches, inMemoryFaultStorage } from './faults';
import { createUserApiServer } from './server';

const ADA = { id: '1', name: 'Ada Lovelace', email: 'ada@example.com' };
const ALL_OFF = { latencyMs: 0, jitterMs: 0, errorRate: 0, slowQueryMs: 0 };

/** The answer to raw request bytes, as the socket received it, split into status line, headers and body. */
async function rawAnswer(port: number, request: string): Promise<{ status: number; headers: Map<string, string>; body: string }> {
  const text = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
    // A server that never answers fails the test instead of hanging it.
    socket.setTimeout(3_000, () => reject(new Error(`no answer to ${JSON.stringify(request.split('\r\n')[0])}`)));
  });
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = new Map(
    headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

describe('the user API over node:http', () => {
  const server = createUserApiServer(
    {
      users: { findUserById: async (id) => (id === ADA.id ? ADA : undefined), listUsers: async () => [ADA] },
      faults: createFaultSwitches(ALL_OFF, inMemoryFaultStorage()),
      faultsAccess: { token: undefined, listensOnLoopbackOnly: true },
    },
    { traced: false },
  );
  let port = 0;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => server.close());

  it('answers JSON with its Content-Length, and HEAD with the headers alone', async () => {
    const get = await rawAnswer(port, 'GET /users/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    assert.equal(get.status, 200);
    assert.deepEqual(JSON.parse(get.body), ADA);
    assert.equal(get.headers.get('content-type'), 'application/json');
    assert.equal(get.headers.get('content-length'), String(Buffer.byteLength(get.body)));

    const head = await rawAnswer(port, 'HEAD /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(Buffer.byteLength('{"status":"ok"}')));
    assert.equal(head.body, '');
  });

  it('answers a request target that is no URL with 400 in the one error shape, never with silence', async () => {
    for (const target of ['http://', 'http://[::1/users', 'http://a:99999/users']) {
      const answer = await rawAnswer(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      assert.equal(answer.status, 400, target);
      assert.equal((JSON.parse(answer.body) as { error: { code: string } }).error.code, 'invalid_request_target', target);
    }
  });

  it('reads a PUT body whatever the request target carries, credentials included', async () => {
    const body = '{"errorRate":0.25}';
    const answer = await rawAnswer(
      port,
      `PUT http://user:secret@127.0.0.1/faults HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    assert.equal(answer.status, 200, answer.body);
    assert.equal((JSON.parse(answer.body) as { errorRate: number }).errorRate, 0.25);
  });

  it('refuses a chunked body past 4 KiB with 413 while it streams', async () => {
    const chunk = 'x'.repeat(5000);
    const answer = await rawAnswer(
      port,
      `PUT /faults HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n` +
        `Connection: close\r\n\r\n${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`,
    );
    assert.equal(answer.status, 413);
    assert.equal((JSON.parse(answer.body) as { error: { code: string } }).error.code, 'body_too_large');
  });
});
