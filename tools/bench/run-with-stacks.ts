import { IsolatedStack } from '../../scripts/lib/isolated-stack';

/**
 * Runs a measurement that starts isolated stacks, and stops every one of them however it ends: done,
 * failed, interrupted or terminated. Child processes outlive a parent that exits.
 */
export function runWithStacks(main: () => Promise<void>): void {
  let exiting = false;
  const stopEverything = async (code: number) => {
    if (exiting) return;
    exiting = true;
    await Promise.all(IsolatedStack.all().map((stack) => stack.stopAll().catch(() => undefined)));
    process.exit(code);
  };
  const fail = (error: unknown) => {
    console.error(error);
    void stopEverything(1);
  };
  process.on('SIGINT', () => void stopEverything(130));
  process.on('SIGTERM', () => void stopEverything(143));
  process.on('unhandledRejection', fail);
  main().then(() => stopEverything(0), fail);
}
