/**
 * Parsers for environment values. Each names the variable in its error, so a typo in a deployment
 * fails at start-up with the fix in the message instead of misbehaving later.
 */

export function positiveIntFromEnv(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name}="${raw}" must be a positive whole number`);
  return value;
}

/** A whole number from 0 to `max` (0 is allowed: for a fault, 0 means off). */
export function boundedIntFromEnv(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw new Error(`${name}="${raw}" must be a whole number from 0 to ${max}`);
  return value;
}

export function ratioFromEnv(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new Error(`${name}="${raw}" must be a number from 0 to 1`);
  return value;
}

export function httpUrlFromEnv(name: string, raw: string | undefined, fallback: string): URL {
  const value = raw === undefined || raw.trim() === '' ? fallback : raw.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name}="${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${name}="${value}" must be an http(s) URL`);
  return url;
}

/**
 * A shared secret such as a bearer token: unset or blank is `undefined` (no secret); a short one is
 * refused at start-up, because a guessable token is worse than none (it looks like protection).
 */
export function secretFromEnv(name: string, raw: string | undefined, minLength: number): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  if (value.length < minLength) throw new Error(`${name} must be at least ${minLength} characters long (it is ${value.length})`);
  return value;
}

/** `true` only for "true" (any case), as the OpenTelemetry spec reads booleans; anything else is false. */
export function booleanFromEnv(raw: string | undefined): boolean {
  return raw?.trim().toLowerCase() === 'true';
}

/** Environment variables as read by the parsers: process.env, or a plain object in tests. */
export type EnvVars = Readonly<Record<string, string | undefined>>;
