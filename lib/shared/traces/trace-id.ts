/** A W3C trace ID as Jaeger and the shop print it: 32 lowercase hex characters, not all zero. */
export function isTraceId(value: string): boolean {
  return /^[0-9a-f]{32}$/.test(value) && !/^0+$/.test(value);
}
