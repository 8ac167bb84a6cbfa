/** @threadline/otel-common: the rules every tier applies to its telemetry, in the browser and in Node. */

export { DEFAULT_BAGGAGE_POLICY, baggagePolicyFromEnv, allowedBaggageEntries, type BaggagePolicy } from './baggage-policy';
export {
  REDACTED,
  DEFAULT_REDACTION_POLICY,
  redactionPolicyFromEnv,
  redactString,
  isSecretKey,
  redactAttributes,
  redactSpan,
  RedactingSpanExporter,
  type RedactionPolicy,
} from './redaction';
export { TraceClock, TraceAnchor, SYSTEM_CLOCK, MAX_DRIFT_MS, type Clock } from './trace-clock';
export { AnchoredTracerProvider, anchorGlobalTracerProvider } from './anchored-tracing';
export {
  bringToCurrentConventions,
  conventionChangeOf,
  splitTarget,
  splitHost,
  type ConventionChange,
  CurrentConventionsProcessor,
  VENDOR_ATTRIBUTES,
  type ConventionsOptions,
} from './current-conventions';
