import type { Baggage } from '@opentelemetry/api';

/**
 * Which baggage may cross into Threadline from outside, and how much of it. Baggage is
 * caller-controlled input that every downstream service copies onto its spans, so only named keys
 * with short values pass; anything else is dropped at the door.
 */
export interface BaggagePolicy {
  allowedKeys: readonly string[];
  maxValueLength: number;
}

export const DEFAULT_BAGGAGE_POLICY: BaggagePolicy = {
  allowedKeys: ['session.id', 'threadline.app.version'],
  maxValueLength: 128,
};

/** BAGGAGE_ALLOWED_KEYS (comma-separated) and BAGGAGE_MAX_VALUE_LENGTH, over the defaults. */
export function baggagePolicyFromEnv(env: Readonly<Record<string, string | undefined>>): BaggagePolicy {
  const keys = env.BAGGAGE_ALLOWED_KEYS?.split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');
  const maxLength = Number(env.BAGGAGE_MAX_VALUE_LENGTH);
  return {
    allowedKeys: keys && keys.length > 0 ? keys : DEFAULT_BAGGAGE_POLICY.allowedKeys,
    maxValueLength: Number.isInteger(maxLength) && maxLength > 0 ? maxLength : DEFAULT_BAGGAGE_POLICY.maxValueLength,
  };
}

/** The allowed entries of `baggage`, as key/value pairs, in allow-list order. */
export function allowedBaggageEntries(baggage: Baggage | undefined, policy: BaggagePolicy): [string, string][] {
  if (!baggage) return [];
  return policy.allowedKeys.flatMap((key): [string, string][] => {
    const value = baggage.getEntry(key)?.value;
    return value !== undefined && value.length > 0 && value.length <= policy.maxValueLength ? [[key, value]] : [];
  });
}
