import type { TraceShape } from './trace-tree';

/**
 * The one rule for "the trace is whole", for the trace view, the doctor and the end-to-end tests
 * alike. Callers differ only in the options: which services must have reported, and whether a
 * trace that continues a caller exporting elsewhere counts.
 */
export interface WholenessRule {
  /** Services that must each have at least one span in the trace. */
  expectedServices?: readonly string[];
  /**
   * Also count a trace that continues a remote caller (see continuesRemoteCaller) as whole. The view
   * needs this for API clients that send their own `traceparent`; the doctor does not, because its
   * probe exports its own root span, so a missing root there is a real loss.
   */
  acceptRemoteCaller?: boolean;
}

export function isWholeTrace(
  shape: TraceShape,
  { expectedServices = [], acceptRemoteCaller = false }: WholenessRule = {},
): boolean {
  const connected = hasOneRootAndNoMissingParent(shape) || (acceptRemoteCaller && continuesRemoteCaller(shape));
  return connected && hasExpectedServices(shape, expectedServices);
}

/** Exactly one root, and every other span's parent is in the trace. */
function hasOneRootAndNoMissingParent(shape: TraceShape): boolean {
  return shape.roots.length === 1 && shape.orphans.length === 0;
}

/**
 * A trace started by a caller that does not export here (an API client sending its own
 * `traceparent`): no root, and the one span with a missing parent is the server span that took the call.
 */
export function continuesRemoteCaller(shape: TraceShape): boolean {
  return shape.roots.length === 0 && shape.orphans.length === 1 && shape.orphans[0]!.kind === 'server';
}

/** Every expected service has reported at least one span. */
export function hasExpectedServices(shape: TraceShape, expectedServices: readonly string[]): boolean {
  return expectedServices.every((service) => shape.services.includes(service));
}
