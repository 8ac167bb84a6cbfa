/** @threadline/service-kit: what both Node services share besides telemetry. Browser code imports only `@threadline/service-kit/errors`. */

export { ApiError, errorBody, isErrorBody, type ErrorBody } from './api-error';
export { markDraining, watchForTermination, isDraining, drainingHeaders, withDrainingHeaders } from './draining';
export {
  positiveIntFromEnv,
  boundedIntFromEnv,
  ratioFromEnv,
  httpUrlFromEnv,
  booleanFromEnv,
  secretFromEnv,
  type EnvVars,
} from './env-values';
export { describeError } from './describe-error';
export { mediaTypeOf, readBodyWithLimit, readJsonBody } from './request-body';
export { openMigratedDatabase } from './open-migrated-database';
export { migratePostgres } from './postgres-migrations';
export { asDatabaseError, isDatabaseUnreachable, DATABASE_RETRY_AFTER_SECONDS } from './database-unavailable';
export {
  createPostgresPool,
  queryPool,
  inTransaction,
  isUniqueViolation,
  postgresTargetOf,
  type PostgresTarget,
} from './postgres-pool';
export {
  INJECTED_FAULT_ATTRIBUTE,
  INJECTED_FAULTS,
  MAX_FAULT_DELAY_MS,
  parseFaultChange,
  faultFires,
  faultDelayMs,
  type FaultFieldKind,
} from './faults';
export {
  judgeFaultsAccess,
  assertFaultsAccess,
  MIN_FAULTS_TOKEN_LENGTH,
  isLoopbackAddress,
  isLoopbackHost,
  type FaultsAccessPolicy,
  type FaultsAccessRequest,
  type FaultsAccess,
} from './faults-access';
