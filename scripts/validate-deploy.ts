/**
 * npm run validate:deploy: checks every shipped deployment file with the tools that will read it.
 * Jaeger's own `validate` for the Jaeger and collector configurations, the routing collector's own
 * `validate` for the team topology's routing tier, `nginx -t` for the proxy in front of the
 * production query API, `docker compose config` for both compose files. Exit status 1 when a file
 * does not pass.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureCollectorBinary } from './lib/collector-binary';
import { composeCommand } from './lib/docker';
import { ensureJaegerBinary } from './lib/jaeger-binary';
import { QUERY_PROXY_TEMPLATE, findNginx, nginxArgs, writeQueryProxyConfig } from './lib/jaeger-query-proxy';
import { writeSelfSignedCert } from './lib/self-signed-cert';

const repoRoot = path.resolve(__dirname, '..');
const file = (...parts: string[]) => path.join(repoRoot, ...parts);

// The production files name certificates and a password file by variable; validation needs paths, not files.
const placeholders = {
  TLS_CERT_FILE: '/run/secrets/tls.crt',
  TLS_KEY_FILE: '/run/secrets/tls.key',
  TLS_CA_FILE: '/run/secrets/ca.crt',
  JAEGER_HTPASSWD_FILE: '/run/secrets/htpasswd',
};

const jaegerConfigs: string[][] = [
  [file('tools', 'jaeger', 'config.yaml')],
  [file('deploy', 'collector', 'config.yaml')],
  [file('deploy', 'collector', 'config.yaml'), file('deploy', 'production', 'collector-tls.yaml')],
  [file('deploy', 'production', 'jaeger.yaml')],
  [file('deploy', 'collector', 'config.yaml'), file('deploy', 'team', 'sampling-collector.yaml')],
  [file('deploy', 'team', 'ingester.yaml')],
  [file('deploy', 'team', 'jaeger-query.yaml')],
];

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const result = spawnSync(command, args, { cwd: repoRoot, env, encoding: 'utf8' });
  const ok = result.status === 0;
  console.log(`${ok ? '✔' : '✘'} ${label}`);
  if (!ok) console.log(`${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`.trim());
  return ok;
}

const jaeger = ensureJaegerBinary();
let ok = jaegerConfigs.every((configs) =>
  run(
    `jaeger validate ${configs.map((config) => path.relative(repoRoot, config)).join(' + ')}`,
    jaeger,
    ['validate', ...configs.flatMap((config) => ['--config', config])],
    { ...process.env, ...placeholders },
  ),
);
ok =
  run('threadline-otelcol validate deploy/team/routing-collector.yaml', ensureCollectorBinary(), [
    'validate',
    '--config',
    file('deploy', 'team', 'routing-collector.yaml'),
  ]) && ok;
ok = validateQueryProxy() && ok;
const compose = composeCommand();
if (!compose) {
  console.log('✘ compose.yaml: neither `docker compose` nor `docker-compose` is installed');
  ok = false;
} else {
  // compose.team.yaml refuses to render without its secrets; any value does for the check.
  const teamSecrets = { SESSION_SECRET: 'x'.repeat(32), POSTGRES_PASSWORD: 'validate' };
  for (const [composeFile, env] of [
    ['compose.yaml', process.env],
    ['compose.team.yaml', { ...process.env, ...teamSecrets }],
  ] as const) {
    ok =
      run(
        `${[compose.command, ...compose.prefix].join(' ')} config ${composeFile}`,
        compose.command,
        [...compose.prefix, '-f', composeFile, 'config', '-q'],
        env,
      ) && ok;
  }
}
process.exit(ok ? 0 : 1);

function validateQueryProxy(): boolean {
  const label = `nginx -t ${path.relative(repoRoot, QUERY_PROXY_TEMPLATE)}`;
  const nginx = findNginx();
  if (!nginx) {
    console.log(`✘ ${label}: nginx is not installed (apt-get install nginx)`);
    return false;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadline-validate-'));
  try {
    // nginx -t loads the certificate, so it needs a real one; the password file is read per request only.
    const serverName = 'jaeger.example.com';
    const config = writeQueryProxyConfig(dir, {
      listen: '443',
      serverName,
      ...writeSelfSignedCert(dir, [`DNS:${serverName}`]),
      htpasswdFile: placeholders.JAEGER_HTPASSWD_FILE,
      queryHttpPort: 16686,
    });
    return run(label, nginx, nginxArgs(dir, config, '-t'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
