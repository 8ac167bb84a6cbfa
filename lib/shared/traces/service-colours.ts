import { SERVICE_NAMES } from '@threadline/stack-layout';

/** One colour per service, the same everywhere the trace is drawn; unknown services get a stable one. */
const KNOWN: Record<string, string> = {
  [SERVICE_NAMES.browser]: '#7048e8',
  [SERVICE_NAMES.web]: '#1c7ed6',
  [SERVICE_NAMES.userApi]: '#2b8a3e',
};

const FALLBACK = ['#e8590c', '#c2255c', '#0b7285', '#5c940d', '#862e9c'];

export function serviceColour(service: string): string {
  const known = KNOWN[service];
  if (known) return known;
  let hash = 0;
  for (const char of service) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return FALLBACK[hash % FALLBACK.length]!;
}
