import { conventionChangeOf, splitHost, splitTarget } from '@threadline/otel-common';
import type { OtlpAnyValue, OtlpKeyValue } from './otlp-batch';

/**
 * The browser's attributes under the current semantic conventions, by the rule the services apply
 * to their own spans (current-conventions.ts). Done here rather than in the page: the relay reads
 * every attribute anyway, and the page's tracing chunk stays smaller. A client's other attributes,
 * vendor names included, pass as they came; where both names are sent, the current one wins.
 */
export function withCurrentNames(attributes: readonly OtlpKeyValue[]): OtlpKeyValue[] {
  const present = new Set(attributes.map((attribute) => attribute.key));
  const kept: OtlpKeyValue[] = [];
  const added: OtlpKeyValue[] = [];
  const setIfAbsent = (key: string, value: OtlpAnyValue | undefined) => {
    if (value === undefined || present.has(key)) return;
    present.add(key);
    added.push({ key, value });
  };
  for (const attribute of attributes) {
    const change = conventionChangeOf(attribute.key, { keepVendorAttributes: true });
    const text = attribute.value.type === 'string' ? attribute.value.value : undefined;
    if (change?.kind === 'rename') {
      setIfAbsent(change.to, attribute.value);
    } else if (change?.kind === 'header') {
      const header = scalarText(attribute.value);
      setIfAbsent(change.to, header === undefined ? undefined : { type: 'array', values: [{ type: 'string', value: header }] });
    } else if (change?.kind === 'split-target' && text !== undefined) {
      const { path, query } = splitTarget(text);
      setIfAbsent('url.path', { type: 'string', value: path });
      setIfAbsent('url.query', query === undefined ? undefined : { type: 'string', value: query });
    } else if (change?.kind === 'split-host' && text !== undefined) {
      const { address, port } = splitHost(text);
      setIfAbsent('server.address', { type: 'string', value: address });
      setIfAbsent('server.port', port === undefined ? undefined : { type: 'int', value: BigInt(port) });
    } else {
      kept.push(attribute);
    }
  }
  return [...kept, ...added];
}

function scalarText(value: OtlpAnyValue): string | undefined {
  switch (value.type) {
    case 'string':
      return value.value;
    case 'int':
    case 'double':
    case 'bool':
      return String(value.value);
    default:
      return undefined;
  }
}
