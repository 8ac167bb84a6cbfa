import fs from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * Playwright's own Chromium when `npx playwright install` has put it in place; otherwise a system
 * Chromium (Debian's `chromium` package), or the one named by CHROMIUM_PATH.
 */
export function chromiumExecutablePath(): string | undefined {
  const chosen = process.env.CHROMIUM_PATH?.trim();
  if (chosen) return chosen;
  try {
    if (fs.existsSync(chromium.executablePath())) return undefined;
  } catch {
    // No bundled browser registered for this Playwright version: fall through to the system one.
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((candidate) =>
    fs.existsSync(candidate),
  );
}

/** Quiet, headless-friendly flags: no sandbox (CI runs as root), no GPU, no calls home on a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
