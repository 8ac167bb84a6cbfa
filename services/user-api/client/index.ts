/** The user API for its callers: its contract and its HTTP client, the one way in from the web tier. */
export * from './contract';
export { createUserApiClient, type UserApiAnswer, type UserApiCall, type UserApiCallFailure, type UserApiClient } from './client';
