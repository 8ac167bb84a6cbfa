/**
 * Fills in a configuration template the way the official nginx image does (envsubst over the
 * variables it is given), for the places that render one themselves: validate:deploy and the tests.
 * Stricter than envsubst, which leaves an unknown variable as it is: a name nobody gives is a
 * mistake in the template or in its caller, so it fails here rather than in nginx.
 */
const VARIABLE = /\$\{([A-Z][A-Z0-9_]*)\}/g;

export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const missing = [...new Set([...template.matchAll(VARIABLE)].map((match) => match[1]!))].filter((name) => !(name in values));
  if (missing.length > 0) throw new Error(`the template needs ${missing.join(', ')}, which were not given`);
  return template.replace(VARIABLE, (_, name: string) => values[name]!);
}
