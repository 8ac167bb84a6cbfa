import { SpanKind, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import {
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_SUMMARY,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_SYSTEM_NAME,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@opentelemetry/semantic-conventions';
import { recordError } from './record-error';

/** Which database a call goes to, as the database conventions name it: the same shape on both engines. */
export interface DbTarget {
  /** `db.system.name`. */
  system: 'sqlite' | 'postgresql';
  /** `db.namespace`: the database, by its logical name (SQLite) or its name on the server (PostgreSQL). */
  namespace: string;
  /** `server.address` and `server.port`, for a database across a network. */
  serverAddress?: string;
  serverPort?: number;
}

export interface DbCall {
  /** `db.operation.name`, e.g. SELECT or INSERT. */
  operation: string;
  /** `db.collection.name`: the table. */
  table: string;
  /** `db.query.text`: the parameterised statement, never with the values bound into it. */
  query: string;
  target: DbTarget;
}

/**
 * Runs one database call inside a CLIENT span named by the database semantic conventions
 * ("SELECT users", its `db.query.summary`), recording a thrown error on the span before rethrowing it.
 */
export function withDbSpan<T>(tracer: Tracer, call: DbCall, run: () => T): T {
  return tracer.startActiveSpan(
    `${call.operation} ${call.table}`,
    { kind: SpanKind.CLIENT, attributes: dbAttributes(call) },
    (span) => {
      try {
        return run();
      } catch (error) {
        recordError(error, span);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * withDbSpan for a call that waits: the span stays open until `run` settles, and `run` gets the span
 * to describe what it waited for (an injected slow query marks itself on it).
 */
export function withAsyncDbSpan<T>(tracer: Tracer, call: DbCall, run: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(
    `${call.operation} ${call.table}`,
    { kind: SpanKind.CLIENT, attributes: dbAttributes(call) },
    async (span) => {
      try {
        return await run(span);
      } catch (error) {
        recordError(error, span);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** Below this, a wait for a pooled connection is the pool's own bookkeeping, not worth a line in the trace. */
const POOL_WAIT_REPORTED_MS = 1;

/**
 * Marks on a database span how long its statement waited for a connection from the pool: the part
 * of the span's time spent queueing behind other requests, not in the database. An event (shown in
 * Jaeger's span logs) rather than a span of its own per query, which is what doubles the cost of
 * instrumentation-pg's spans (docs/benchmarks.md, "Database spans").
 */
export function recordPoolWait(span: Span, waitedMs: number): void {
  if (waitedMs < POOL_WAIT_REPORTED_MS) return;
  span.addEvent('connection pool wait', { 'threadline.db.pool.wait_ms': Math.round(waitedMs) });
}

function dbAttributes({ operation, table, query, target }: DbCall): Attributes {
  const attributes: Attributes = {
    [ATTR_DB_SYSTEM_NAME]: target.system,
    [ATTR_DB_NAMESPACE]: target.namespace,
    [ATTR_DB_OPERATION_NAME]: operation,
    [ATTR_DB_COLLECTION_NAME]: table,
    [ATTR_DB_QUERY_SUMMARY]: `${operation} ${table}`,
    [ATTR_DB_QUERY_TEXT]: query,
  };
  if (target.serverAddress !== undefined) attributes[ATTR_SERVER_ADDRESS] = target.serverAddress;
  if (target.serverPort !== undefined) attributes[ATTR_SERVER_PORT] = target.serverPort;
  return attributes;
}
