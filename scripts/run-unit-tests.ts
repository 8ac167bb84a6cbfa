/**
 * npm run test:unit: every *.test.ts beside the code it tests, on Node's own test runner through tsx.
 * npm run test:db (`--databases`): the *.db.test.ts, which hold each repository to its interface
 * against real databases (a SQLite file, and a PostgreSQL cluster of their own: Debian's postgresql).
 * (found here rather than by --test's own globbing, so that data/, .next/ and the rest are never searched).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..');
const SKIPPED_DIRS = new Set(['node_modules', '.next', '.build', '.git', 'data', 'test-results', 'playwright-report']);

function findTests(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : findTests(full);
    return entry.name.endsWith('.test.ts') ? [path.relative(repoRoot, full)] : [];
  });
}

const databases = process.argv.includes('--databases');
const files = findTests(repoRoot)
  .filter((file) => file.endsWith('.db.test.ts') === databases)
  .sort();
if (files.length === 0) {
  console.error(`No ${databases ? 'database' : 'unit'} tests found.`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...files], { cwd: repoRoot, stdio: 'inherit' });
process.exit(result.status ?? 1);
