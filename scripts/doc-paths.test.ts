import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

/**
 * Every file or folder of the repository that the README, the docs and the config comments name
 * exists: a newcomer follows these, and a move that forgets one leaves them a dead end.
 */
const repoRoot = path.resolve(__dirname, '..');
const TOP_LEVEL = ['app', 'lib', 'services', 'scripts', 'e2e', 'deploy', 'docs', 'tools', '.ci'];
/** `lib/server/http/json-route.ts`, `deploy/team/`, …: a path under one of the top-level folders. */
const NAMED_PATH = new RegExp(
  `(?<![\\w./-])((?:${TOP_LEVEL.map((dir) => dir.replace('.', '\\.')).join('|')})/[\\w./[\\]-]*[\\w/\\]])`,
  'g',
);

function documents(): string[] {
  const docs = fs.readdirSync(path.join(repoRoot, 'docs')).filter((name) => name.endsWith('.md'));
  return [
    'README.md',
    'e2e/containers/README.md',
    ...docs.map((name) => `docs/${name}`),
    'compose.yaml',
    'compose.team.yaml',
    'deploy/collector/config.yaml',
  ];
}

function namedPaths(document: string): string[] {
  const text = fs.readFileSync(path.join(repoRoot, document), 'utf8');
  const found = new Set<string>();
  for (const match of text.matchAll(NAMED_PATH)) {
    let named = match[1]!.replace(/[.)]+$/, '');
    // A link's text, `[docs/faults.md](…)`, ends in the bracket; a route folder, `[sessionId]`, opens one.
    if (named.endsWith(']') && !named.includes('[')) named = named.slice(0, -1);
    // Placeholders and globs name no one file: app/api/<name>/route.ts, data/e2e/<name>, *.db.test.ts.
    if (/[<>*]/.test(named) || named.includes('...')) continue;
    found.add(named);
  }
  // Links to files beside the document: [scaling.md](scaling.md), [x](../tools/bench/bench.ts).
  for (const match of text.matchAll(/\]\(((?:\.\.?\/)?[\w./-]+\.(?:md|ts|tsx|yaml|mjs|json))(?:#[\w-]*)?\)/g)) {
    found.add(path.relative(repoRoot, path.resolve(repoRoot, path.dirname(document), match[1]!)));
  }
  return [...found];
}

/** What a build makes and git ignores (services/user-api/dist, .next): named, but not there in a fresh clone. */
function isBuildOutput(named: string): boolean {
  // Both spellings: a pattern for a folder (`dist/`) matches only the one with the slash when the folder is not there.
  return [named, `${named.replace(/\/$/, '')}/`].some(
    (candidate) => spawnSync('git', ['check-ignore', '--quiet', candidate], { cwd: repoRoot }).status === 0,
  );
}

test('every path the README, the docs and the config comments name exists', () => {
  const missing = documents().flatMap((document) =>
    namedPaths(document)
      .filter((named) => !fs.existsSync(path.join(repoRoot, named)) && !isBuildOutput(named))
      .map((named) => `${document}: ${named}`),
  );
  assert.deepEqual(missing, []);
});
