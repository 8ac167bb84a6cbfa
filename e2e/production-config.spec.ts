import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startProcess, type ManagedProcess } from '../scripts/lib/child-process';
import { jaegerLaunchWithConfigs } from '../scripts/lib/jaeger-launch';
import { stackConfig } from '../scripts/lib/stack-config';

const repoRoot = path.resolve(__dirname, '..');
const PORTS = { otlpHttp: 5418, otlpGrpc: 5417, query: 17786, queryGrpc: 17785, health: 14233, metrics: 9988 };

/** A GET or POST over TLS that trusts only our test CA; resolves with the status code. */
function httpsStatus(url: string, ca: Buffer, options: { auth?: string; body?: string } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      {
        ca,
        method: options.body ? 'POST' : 'GET',
        headers: {
          ...(options.body ? { 'content-type': 'application/json' } : {}),
          ...(options.auth ? { authorization: `Basic ${Buffer.from(options.auth).toString('base64')}` } : {}),
        },
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** The shipped production configuration, run for real: TLS everywhere, a password in front of the query API. */
test.describe('deploy/production/jaeger.yaml', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadline-tls-'));
  let jaeger: ManagedProcess | undefined;

  test.beforeAll(async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const hash = execFileSync('openssl', ['passwd', '-apr1', 'correct-horse'], { encoding: 'utf8' }).trim();
    fs.writeFileSync(path.join(dir, 'htpasswd'), `viewer:${hash}\n`);
    const mode = stackConfig().jaegerMode;
    const launch = jaegerLaunchWithConfigs(
      mode === 'external' ? 'auto' : mode,
      [path.join(repoRoot, 'deploy', 'production', 'jaeger.yaml')],
      {
        TLS_CERT_FILE: path.join(dir, 'cert.pem'),
        TLS_KEY_FILE: path.join(dir, 'key.pem'),
        JAEGER_HTPASSWD_FILE: path.join(dir, 'htpasswd'),
        JAEGER_LISTEN_HOST: '127.0.0.1',
        JAEGER_DATA_DIR: path.join(dir, 'data'),
        JAEGER_OTLP_HTTP_PORT: String(PORTS.otlpHttp),
        JAEGER_OTLP_GRPC_PORT: String(PORTS.otlpGrpc),
        JAEGER_QUERY_HTTP_PORT: String(PORTS.query),
        JAEGER_QUERY_GRPC_PORT: String(PORTS.queryGrpc),
        JAEGER_HEALTH_PORT: String(PORTS.health),
        JAEGER_METRICS_PORT: String(PORTS.metrics),
        OTEL_TRACES_SAMPLER: 'always_off',
      },
      [dir],
    );
    jaeger = startProcess('jaeger-prod', launch.command, launch.args, launch.env, { echo: false });
    await expect
      .poll(async () => (await fetch(`http://127.0.0.1:${PORTS.health}/status`).catch(() => undefined))?.status, {
        timeout: 60_000,
      })
      .toBe(200);
  });
  test.afterAll(async () => {
    await jaeger?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the query API asks for a password, over TLS only', async () => {
    const ca = fs.readFileSync(path.join(dir, 'cert.pem'));
    const services = `https://127.0.0.1:${PORTS.query}/api/services`;
    expect(await httpsStatus(services, ca)).toBe(401);
    expect(await httpsStatus(services, ca, { auth: 'viewer:wrong' })).toBe(401);
    expect(await httpsStatus(services, ca, { auth: 'viewer:correct-horse' })).toBe(200);
    // Plain HTTP gets no answer worth the name: the server speaks TLS only.
    expect((await fetch(`http://127.0.0.1:${PORTS.query}/api/services`)).status).toBe(400);
  });

  test('OTLP is accepted over TLS, and refused in the clear', async () => {
    const ca = fs.readFileSync(path.join(dir, 'cert.pem'));
    expect(await httpsStatus(`https://127.0.0.1:${PORTS.otlpHttp}/v1/traces`, ca, { body: '{"resourceSpans":[]}' })).toBe(200);
    const clear = await fetch(`http://127.0.0.1:${PORTS.otlpHttp}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"resourceSpans":[]}',
    });
    expect(clear.status).toBe(400);
  });
});
