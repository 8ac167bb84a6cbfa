/**
 * npm run validate:deploy: checks every shipped deployment file with the tools that will read it.
 * Jaeger's own `validate` for the Jaeger and collector configurations, `docker compose config` for
 * compose.yaml. Exit status 1 on the first file that does not pass.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { composeCommand } from './lib/docker';
import { ensureJaegerBinary } from './lib/jaeger-binary';

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
const compose = composeCommand();
if (!compose) {
  console.log('✘ compose.yaml: neither `docker compose` nor `docker-compose` is installed');
  ok = false;
} else {
  ok =
    run(`${[compose.command, ...compose.prefix].join(' ')} config compose.yaml`, compose.command, [
      ...compose.prefix,
      '-f',
      'compose.yaml',
      'config',
      '-q',
    ]) && ok;
}
process.exit(ok ? 0 : 1);
