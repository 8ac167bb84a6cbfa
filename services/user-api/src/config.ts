import path from 'node:path';
import { positiveIntFromEnv, type EnvVars } from '../../../lib/config/env-values';

export interface UserApiConfig {
  /** USER_API_HOST: the address to listen on. Default 127.0.0.1 (loopback only). */
  host: string;
  /** USER_API_PORT: default 8080. */
  port: number;
  /** USER_API_DB_PATH: the service's own SQLite file. Default data/user-api.db. */
  databasePath: string;
}

export function readUserApiConfig(env: EnvVars = process.env): UserApiConfig {
  return {
    host: env.USER_API_HOST?.trim() || '127.0.0.1',
    port: positiveIntFromEnv('USER_API_PORT', env.USER_API_PORT, 8080),
    databasePath: path.resolve(env.USER_API_DB_PATH?.trim() || path.join('data', 'user-api.db')),
  };
}
