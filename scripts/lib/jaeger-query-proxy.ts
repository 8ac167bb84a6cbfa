/**
 * The nginx in front of Jaeger's query API and UI in production
 * (deploy/production/nginx/jaeger-query.conf.template), run by the host's nginx in a folder of its
 * own: `nginx -t` in validate:deploy, and for real in e2e/production-config.spec.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fillTemplate } from './env-template';

const repoRoot = path.resolve(__dirname, '..', '..');
export const QUERY_PROXY_TEMPLATE = path.join(repoRoot, 'deploy', 'production', 'nginx', 'jaeger-query.conf.template');

/** What the template asks of its environment (its header says what each is). */
export interface QueryProxySettings {
  /** JAEGER_PROXY_LISTEN: a port, or address:port. */
  listen: string;
  /** JAEGER_SERVER_NAME: the only name the proxy answers to. */
  serverName: string;
  certFile: string;
  keyFile: string;
  htpasswdFile: string;
  /** JAEGER_QUERY_HTTP_PORT: Jaeger's query port on loopback. */
  queryHttpPort: number;
}

function templateValues(settings: QueryProxySettings): Record<string, string> {
  return {
    JAEGER_PROXY_LISTEN: settings.listen,
    JAEGER_SERVER_NAME: settings.serverName,
    TLS_CERT_FILE: settings.certFile,
    TLS_KEY_FILE: settings.keyFile,
    JAEGER_HTPASSWD_FILE: settings.htpasswdFile,
    JAEGER_QUERY_HTTP_PORT: String(settings.queryHttpPort),
  };
}

/**
 * Writes the filled-in template into `dir`, and a main configuration that includes it inside `http`
 * as the image's own nginx.conf includes conf.d/. Everything nginx writes (pid, buffers, its log)
 * stays in `dir` or goes to stderr, so it runs without root. Returns the main configuration's path.
 */
export function writeQueryProxyConfig(dir: string, settings: QueryProxySettings): string {
  const site = path.join(dir, 'jaeger-query.conf');
  fs.writeFileSync(site, fillTemplate(fs.readFileSync(QUERY_PROXY_TEMPLATE, 'utf8'), templateValues(settings)));
  const main = path.join(dir, 'nginx.conf');
  const lines = [
    // Started by root, workers would run as nobody, who cannot read the caller's private password file.
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    'daemon off;',
    'error_log stderr;',
    `pid ${path.join(dir, 'nginx.pid')};`,
    'events {}',
    'http {',
    '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
      (kind) => `  ${kind}_temp_path ${path.join(dir, `${kind}-temp`)};`,
    ),
    `  include ${site};`,
    '}',
  ];
  fs.writeFileSync(main, `${lines.join('\n')}\n`);
  return main;
}

/** nginx's arguments for that configuration: in the foreground, or checked only with `-t`. */
export function nginxArgs(dir: string, mainConfig: string, ...extra: string[]): string[] {
  return ['-p', dir, '-c', mainConfig, '-e', 'stderr', ...extra];
}

/** The host's nginx: on PATH, or where Debian's package puts it (/usr/sbin is not on every user's PATH). */
export function findNginx(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/sbin'];
  return dirs.map((dir) => path.join(dir, 'nginx')).find((candidate) => isExecutable(candidate));
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
