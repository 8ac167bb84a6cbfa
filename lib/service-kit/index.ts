/** @threadline/service-kit: what both Node services share besides telemetry. Browser code imports only `@threadline/service-kit/errors`. */

export { ApiError, errorBody, isErrorBody, type ErrorBody } from './api-error';
export { markDraining, watchForTermination, isDraining, drainingHeaders, withDrainingHeaders } from './draining';
export { positiveIntFromEnv, ratioFromEnv, httpUrlFromEnv, booleanFromEnv, type EnvVars } from './env-values';
export { describeError } from './describe-error';
export { openMigratedDatabase } from './open-migrated-database';
