import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startProcess, type ManagedProcess } from '../scripts/lib/child-process';
import { jaegerLaunchWithConfigs } from '../scripts/lib/jaeger-launch';
import { findNginx, nginxArgs, writeQueryProxyConfig } from '../scripts/lib/jaeger-query-proxy';
import { writeSelfSignedCert } from '../scripts/lib/self-signed-cert';
import { stackConfig } from '../scripts/lib/stack-config';
import { listeningAddresses } from './support/listening-sockets';

const repoRoot = path.resolve(__dirname, '..');
const PORTS = { otlpHttp: 5418, otlpGrpc: 5417, query: 17786, queryGrpc: 17785, health: 14233, metrics: 9988, proxy: 17886 };
/** The one name the proxy answers to (.test names never resolve on the internet). */
const SERVER_NAME = 'jaeger.threadline.test';
const SERVICES_VIA_PROXY = `https://127.0.0.1:${PORTS.proxy}/api/services`;
const PASSWORD = 'correct-horse';
const VIEWER = `viewer:${PASSWORD}`;

interface RequestOptions {
  auth?: string;
  body?: string;
  /** The server the client names in the TLS handshake (SNI) and its Host header; none, as for a bare address, when unset. */
  name?: string;
  /** A Host header other than `name`. */
  host?: string;
}

/** A GET or POST over TLS that trusts only our test CA; resolves with the status code. */
function httpsStatus(url: string, ca: Buffer, options: RequestOptions = {}): Promise<number> {
  const host = options.host ?? options.name;
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      {
        ca,
        servername: options.name,
        method: options.body ? 'POST' : 'GET',
        headers: {
          ...(host ? { host } : {}),
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

/**
 * The shipped production configuration, run for real: Jaeger with deploy/production/jaeger.yaml, and
 * the real nginx with deploy/production/nginx/ in front of its query API (TLS, a password, one name).
 */
test.describe('deploy/production/jaeger.yaml behind its proxy', () => {
  // Made in beforeAll, not here: Playwright loads this file in more than one process, and only the
  // worker's afterAll would remove the folder.
  let dir = '';
  let ca = Buffer.alloc(0);
  let jaeger: ManagedProcess | undefined;
  let proxy: ManagedProcess | undefined;

  test.beforeAll(async () => {
    const nginx = findNginx();
    if (!nginx) throw new Error('nginx is not installed: apt-get install nginx (.ci/run does)');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadline-tls-'));
    const cert = writeSelfSignedCert(dir, [`DNS:${SERVER_NAME}`, 'IP:127.0.0.1']);
    ca = fs.readFileSync(cert.certFile);
    const hash = execFileSync('openssl', ['passwd', '-6', PASSWORD], { encoding: 'utf8' }).trim();
    const htpasswdFile = path.join(dir, 'htpasswd');
    fs.writeFileSync(htpasswdFile, `viewer:${hash}\n`);

    const mode = stackConfig().jaegerMode;
    const launch = jaegerLaunchWithConfigs(
      mode === 'external' ? 'auto' : mode,
      [path.join(repoRoot, 'deploy', 'production', 'jaeger.yaml')],
      {
        TLS_CERT_FILE: cert.certFile,
        TLS_KEY_FILE: cert.keyFile,
        // The shipped default, spelled out: OTLP, health and metrics on every interface, so the test
        // below shows that the query API does not follow them.
        JAEGER_LISTEN_HOST: '0.0.0.0',
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

    const proxyDir = path.join(dir, 'proxy');
    fs.mkdirSync(proxyDir);
    const proxyConfig = writeQueryProxyConfig(proxyDir, {
      listen: `127.0.0.1:${PORTS.proxy}`,
      serverName: SERVER_NAME,
      ...cert,
      htpasswdFile,
      queryHttpPort: PORTS.query,
    });
    proxy = startProcess('nginx-prod', nginx, nginxArgs(proxyDir, proxyConfig), process.env, { echo: false });

    await expect
      .poll(async () => (await fetch(`http://127.0.0.1:${PORTS.health}/status`).catch(() => undefined))?.status, {
        timeout: 60_000,
      })
      .toBe(200);
    await expect
      .poll(() => httpsStatus(SERVICES_VIA_PROXY, ca, { name: SERVER_NAME, auth: VIEWER }).catch(() => 0), { timeout: 15_000 })
      .toBe(200);
  });
  test.afterAll(async () => {
    await proxy?.stop();
    await jaeger?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the query API asks for a password, over TLS only', async () => {
    expect(await httpsStatus(SERVICES_VIA_PROXY, ca, { name: SERVER_NAME })).toBe(401);
    expect(await httpsStatus(SERVICES_VIA_PROXY, ca, { name: SERVER_NAME, auth: 'viewer:wrong' })).toBe(401);
    expect(await httpsStatus(SERVICES_VIA_PROXY, ca, { name: SERVER_NAME, auth: VIEWER })).toBe(200);
    // Plain HTTP gets no answer worth the name: the proxy speaks TLS only.
    expect((await fetch(`http://127.0.0.1:${PORTS.proxy}/api/services`)).status).toBe(400);
  });

  test('the proxy answers to its own name only, so a DNS name rebound to it gets nothing', async () => {
    // A page on another name that now resolves here: the browser names that server in the handshake.
    await expect(httpsStatus(SERVICES_VIA_PROXY, ca, { name: 'rebound.example', auth: VIEWER })).rejects.toThrow(
      /unrecognized name/,
    );
    // A bare address names no server at all.
    await expect(httpsStatus(SERVICES_VIA_PROXY, ca, { auth: VIEWER })).rejects.toThrow(/unrecognized name/);
    // Our name in the handshake, another in the request: 421 Misdirected Request, password or not.
    expect(await httpsStatus(SERVICES_VIA_PROXY, ca, { name: SERVER_NAME, host: 'rebound.example', auth: VIEWER })).toBe(421);
  });

  test('Jaeger’s own query API listens on loopback only, where the proxy reaches it', async () => {
    expect(listeningAddresses(PORTS.otlpHttp)).toEqual([expect.stringMatching(/^(0\.0\.0\.0|0:0:0:0:0:0:0:0)$/)]);
    expect(listeningAddresses(PORTS.query)).toEqual(['127.0.0.1']);
    expect(listeningAddresses(PORTS.queryGrpc)).toEqual(['127.0.0.1']);
    // There it needs no password: anything that can reach it can read traces, which is why it stays there.
    expect((await fetch(`http://127.0.0.1:${PORTS.query}/api/services`)).status).toBe(200);
  });

  test('OTLP is accepted over TLS, and refused in the clear', async () => {
    expect(await httpsStatus(`https://127.0.0.1:${PORTS.otlpHttp}/v1/traces`, ca, { body: '{"resourceSpans":[]}' })).toBe(200);
    const clear = await fetch(`http://127.0.0.1:${PORTS.otlpHttp}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"resourceSpans":[]}',
    });
    expect(clear.status).toBe(400);
  });
});
