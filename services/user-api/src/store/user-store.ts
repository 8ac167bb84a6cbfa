import type { Span } from '@opentelemetry/api';
import type { UserApiFaults } from '../faults';

/** A row of the user API's own database, as it answers it. */
export interface UserRecord {
  id: string;
  name: string;
  email: string;
}

/** Runs inside a query's span, while the query runs: what the slow-query fault waits in. */
export type WhileQuerying = (span: Span) => Promise<void>;

/**
 * The user API's data, whichever database holds it: SQLite (USER_API_DB_PATH, the default) or
 * PostgreSQL (DATABASE_URL, which replicas share). Each query is a database span of the same shape
 * on both engines, carrying the statement, never its values. The fault switches are kept here too,
 * so every replica reads the same ones.
 */
export interface UserStore {
  findUserById(id: string, whileQuerying: WhileQuerying): Promise<UserRecord | undefined>;
  listUsers(whileQuerying: WhileQuerying): Promise<UserRecord[]>;
  /** The stored switches, or undefined until one was first switched. */
  readFaults(): Promise<UserApiFaults | undefined>;
  writeFaults(faults: UserApiFaults): Promise<void>;
  close(): Promise<void>;
}

/** The switches as rows name them; undefined until some were stored. */
export function faultsFromRows(rows: readonly { name: string; value: number }[]): UserApiFaults | undefined {
  if (rows.length === 0) return undefined;
  const value = (name: keyof UserApiFaults) => Number(rows.find((row) => row.name === name)?.value ?? 0);
  return {
    latencyMs: value('latencyMs'),
    jitterMs: value('jitterMs'),
    errorRate: value('errorRate'),
    slowQueryMs: value('slowQueryMs'),
  };
}

export const USER_ROWS_SEED = `INSERT INTO users (id, name, email) VALUES
     ('1', 'Ada Lovelace', 'ada@example.com'),
     ('2', 'Grace Hopper', 'grace@example.com'),
     ('3', 'Alan Turing', 'alan@example.com'),
     ('4', 'Katherine Johnson', 'katherine@example.com');`;
