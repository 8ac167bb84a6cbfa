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

/** Rewrites `attributes` in place under the current names; the current name wins where both are set. */
export function bringToCurrentConventions(
  attributes: Attributes,
  { keepVendorAttributes = false }: ConventionsOptions = {},
): void {
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (key in RENAMED) {
      setIfAbsent(attributes, RENAMED[key]!, value);
    } else if (key in AS_HEADER) {
      setIfAbsent(attributes, AS_HEADER[key]!, value === undefined ? undefined : [String(value)]);
    } else if (key === 'http.target' && typeof value === 'string') {
      const queryStart = value.indexOf('?');
      setIfAbsent(attributes, 'url.path', queryStart === -1 ? value : value.slice(0, queryStart));
      if (queryStart !== -1) setIfAbsent(attributes, 'url.query', value.slice(queryStart + 1));
    } else if (key === 'http.host' && typeof value === 'string') {
      const [host, port] = value.split(':');
      setIfAbsent(attributes, 'server.address', host);
      if (port && /^\d+$/.test(port)) setIfAbsent(attributes, 'server.port', Number(port));
    } else if (keepVendorAttributes || !VENDOR_ATTRIBUTES.includes(key)) {
      continue;
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
