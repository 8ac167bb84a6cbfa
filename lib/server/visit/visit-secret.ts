import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Shorter secrets are refused at start-up: the visit cookie's MAC is only as strong as its key. */
export const MIN_SESSION_SECRET_LENGTH = 32;

/**
 * The key behind every visit cookie and every identifier derived from one. SESSION_SECRET when set
 * (replicas of the shop must share it); otherwise a random key kept in a file beside the shop's
 * database, made on first start, so that a restarted shop still knows its visitors.
 */
export function loadVisitSecret({ secret, secretFile }: { secret: string | undefined; secretFile: string }): Buffer {
  if (secret !== undefined) return Buffer.from(secret, 'utf8');
  try {
    return Buffer.from(fs.readFileSync(secretFile, 'utf8').trim(), 'hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(path.dirname(secretFile), { recursive: true });
  const created = randomBytes(32).toString('hex');
  try {
    // `wx`: two processes starting at once must not each write a different key.
    fs.writeFileSync(secretFile, `${created}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return Buffer.from(fs.readFileSync(secretFile, 'utf8').trim(), 'hex');
  }
  return Buffer.from(created, 'hex');
}
