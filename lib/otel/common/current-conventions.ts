import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { NoopSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

/**
 * Attributes libraries still write under names the semantic conventions have since deprecated
 * (Next.js's server spans, the document-load and fetch instrumentations), brought to the current
 * names once, on the way out, without losing what they say. `http.target` is the one split in two.
 * docs/what-a-trace-carries.md lists them.
 */
const RENAMED: Readonly<Record<string, string>> = {
  'http.method': 'http.request.method',
  'http.status_code': 'http.response.status_code',
  'http.url': 'url.full',
  'http.scheme': 'url.scheme',
  'http.user_agent': 'user_agent.original',
  'http.client_ip': 'client.address',
  'http.server_name': 'server.address',
  'http.flavor': 'network.protocol.version',
  'http.request_content_length_uncompressed': 'http.request.body.size',
  'http.response_content_length_uncompressed': 'http.response.body.size',
  'net.peer.name': 'server.address',
  'net.peer.port': 'server.port',
  'net.host.name': 'server.address',
  'net.host.port': 'server.port',
  'peer.service': 'service.peer.name',
  'db.system': 'db.system.name',
  'db.statement': 'db.query.text',
  'db.name': 'db.namespace',
  'db.operation': 'db.operation.name',
  'db.sql.table': 'db.collection.name',
  'code.function': 'code.function.name',
  'code.filepath': 'code.file.path',
  'code.lineno': 'code.line.number',
};

/** Replaced by a header attribute, whose values are lists of strings. */
const AS_HEADER: Readonly<Record<string, string>> = {
  'http.request_content_length': 'http.request.header.content-length',
  'http.response_content_length': 'http.response.header.content-length',
};

/**
 * Attributes @vercel/otel adds to every span for Datadog (`operation.name`, `resource.name`): no
 * convention of OpenTelemetry's, and bytes on every export. Dropped, unless you want them
 * (THREADLINE_VENDOR_ATTRIBUTES=true).
 */
export const VENDOR_ATTRIBUTES: readonly string[] = ['operation.name', 'resource.name'];

export interface ConventionsOptions {
  keepVendorAttributes?: boolean;
}

/**
 * What the current conventions make of one attribute: a new name for the same value, a new name for
 * the value as a header (a list of one string), a string split in two (`http.target`, `http.host`),
 * or nothing (a vendor attribute). Undefined when the name is current. One rule for the services'
 * spans (Attributes, below) and the browser's, renamed where the shop receives them (the span relay).
 */
export type ConventionChange =
  | { kind: 'rename'; to: string }
  | { kind: 'header'; to: string }
  | { kind: 'split-target' }
  | { kind: 'split-host' }
  | { kind: 'drop' };

export function conventionChangeOf(
  key: string,
  { keepVendorAttributes = false }: ConventionsOptions = {},
): ConventionChange | undefined {
  if (Object.hasOwn(RENAMED, key)) return { kind: 'rename', to: RENAMED[key]! };
  if (Object.hasOwn(AS_HEADER, key)) return { kind: 'header', to: AS_HEADER[key]! };
  if (key === 'http.target') return { kind: 'split-target' };
  if (key === 'http.host') return { kind: 'split-host' };
  if (!keepVendorAttributes && VENDOR_ATTRIBUTES.includes(key)) return { kind: 'drop' };
  return undefined;
}

/** `/path?query` as `url.path` and `url.query` (absent when there is no `?`). */
export function splitTarget(target: string): { path: string; query?: string } {
  const queryStart = target.indexOf('?');
  return queryStart === -1 ? { path: target } : { path: target.slice(0, queryStart), query: target.slice(queryStart + 1) };
}

/** `host:port` as `server.address` and `server.port` (absent unless the port is digits). */
export function splitHost(host: string): { address: string; port?: number } {
  const [address = '', port] = host.split(':');
  return port && /^\d+$/.test(port) ? { address, port: Number(port) } : { address };
}

/** Rewrites `attributes` in place under the current names; the current name wins where both are set. */
export function bringToCurrentConventions(attributes: Attributes, options: ConventionsOptions = {}): void {
  for (const key of Object.keys(attributes)) {
    const change = conventionChangeOf(key, options);
    if (!change) continue;
    const value = attributes[key];
    if (change.kind === 'rename') {
      setIfAbsent(attributes, change.to, value);
    } else if (change.kind === 'header') {
      setIfAbsent(attributes, change.to, value === undefined ? undefined : [String(value)]);
    } else if (change.kind === 'split-target') {
      if (typeof value !== 'string') continue;
      const { path, query } = splitTarget(value);
      setIfAbsent(attributes, 'url.path', path);
      setIfAbsent(attributes, 'url.query', query);
    } else if (change.kind === 'split-host') {
      if (typeof value !== 'string') continue;
      const { address, port } = splitHost(value);
      setIfAbsent(attributes, 'server.address', address);
      setIfAbsent(attributes, 'server.port', port);
    }
    delete attributes[key];
  }
}

function setIfAbsent(attributes: Attributes, key: string, value: AttributeValue | undefined): void {
  if (attributes[key] === undefined && value !== undefined) attributes[key] = value;
}

/**
 * Runs the renaming as each span ends, before any processor that exports it. It adjusts the
 * finished span, as @vercel/otel's own processor does when it adds its attributes.
 */
export class CurrentConventionsProcessor extends NoopSpanProcessor {
  constructor(private readonly options: ConventionsOptions = {}) {
    super();
  }

  override onEnd(span: ReadableSpan): void {
    bringToCurrentConventions(span.attributes as Attributes, this.options);
    for (const event of span.events) if (event.attributes) bringToCurrentConventions(event.attributes, this.options);
  }
}
