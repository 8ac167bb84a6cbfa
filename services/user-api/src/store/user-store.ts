import type { Span } from '@opentelemetry/api';
import type { User, UserApiFaultSettings } from '../../client/contract';

/** Runs inside a query's span, while the query runs: what the slow-query fault waits in. */
export type WhileQuerying = (span: Span) => Promise<void>;

/**
 * The user API's data, whichever database holds it: SQLite (USER_API_DB_PATH, the default) or
 * PostgreSQL (DATABASE_URL, which replicas share). Each query is a database span of the same shape
 * on both engines, carrying the statement, never its values. The fault switches are kept here too,
 * so every replica reads the same ones.
 */
export interface UserStore {
  findUserById(id: string, whileQuerying: WhileQuerying): Promise<User | undefined>;
  listUsers(whileQuerying: WhileQuerying): Promise<User[]>;
  /** The stored switches, or undefined until one was first switched. */
  readFaults(): Promise<UserApiFaultSettings | undefined>;
  writeFaults(faults: UserApiFaultSettings): Promise<void>;
  close(): Promise<void>;
}

/** The switches as rows name them; undefined until some were stored. */
export function faultsFromRows(rows: readonly { name: string; value: number }[]): UserApiFaultSettings | undefined {
  if (rows.length === 0) return undefined;
  const value = (name: keyof UserApiFaultSettings) => Number(rows.find((row) => row.name === name)?.value ?? 0);
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
