/**
 * A small seeded generator (mulberry32): the same seed makes the same choices, so a load run that
 * showed something can be run again. Not for anything secret; trace IDs come from node:crypto.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** One of `choices`, picked with `random`. */
export function pick<T>(choices: readonly T[], random: () => number): T {
  if (choices.length === 0) throw new Error('nothing to pick from');
  return choices[Math.floor(random() * choices.length)]!;
}
