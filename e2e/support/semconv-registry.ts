import fs from 'node:fs';
import path from 'node:path';

/**
 * The OpenTelemetry semantic-conventions registry, v1.44.0 (every attribute key, with its stability
 * and whether it is deprecated), copied from the team's shared copy (../shared/semconv/attributes.json)
 * so a fresh clone carries what its tests judge by.
 */
interface RegistryEntry {
  stability: string;
  deprecated: string | null;
  template: boolean;
}

const registry = (
  JSON.parse(fs.readFileSync(path.join(__dirname, 'semconv', 'attributes-v1.44.0.json'), 'utf8')) as {
    attributes: Record<string, RegistryEntry>;
  }
).attributes;
const templates = Object.entries(registry)
  .filter(([, entry]) => entry.template)
  .map(([key, entry]) => ({ prefix: `${key}.`, entry }));

/** Namespaces the registry will not claim: the project's own, and libraries' own where they set them. */
export const OWN_NAMESPACES: readonly string[] = ['threadline.', 'next.', 'vercel.'];

/** Why a key breaks the conventions (`unknown`, or the registry's deprecation note); undefined when it keeps them. */
export function conventionProblem(key: string): string | undefined {
  if (OWN_NAMESPACES.some((namespace) => key.startsWith(namespace))) return undefined;
  const entry = registry[key] ?? templates.find(({ prefix }) => key.startsWith(prefix))?.entry;
  if (!entry) return 'unknown';
  return entry.deprecated ?? undefined;
}
