import 'server-only';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { JaegerQueryClient } from '@threadline/traces';
import { shopConfig } from './config';

/** Jaeger rarely changes under a running shop; a restart with another image is noticed within this. */
const ANSWER_TTL_MS = 30_000;

let cached: { baseUrl: string | undefined; until: number } | undefined;

/**
 * The base URL for "View trace in Jaeger" links, or undefined when that Jaeger serves no UI of its
 * own (a source build shows only a placeholder page there) or cannot be asked right now. Decided by
 * asking Jaeger, not by guessing from how it was started.
 */
export async function jaegerUiBaseUrl(): Promise<string | undefined> {
  if (cached && cached.until > Date.now()) return cached.baseUrl;
  const { jaegerQueryUrl, jaegerUiUrl } = shopConfig();
  // A probe of Jaeger is plumbing, not part of the page's trace.
  const servesUi = await context.with(suppressTracing(context.active()), () =>
    new JaegerQueryClient(jaegerQueryUrl, 2000).servesUi().catch(() => false),
  );
  cached = { baseUrl: servesUi ? jaegerUiUrl : undefined, until: Date.now() + ANSWER_TTL_MS };
  return cached.baseUrl;
}
