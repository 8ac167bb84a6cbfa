import { SpanKind, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
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

function dbAttributes({ operation, table, query, target }: DbCall): Attributes {
  const attributes: Attributes = {
    'db.system.name': target.system,
    'db.namespace': target.namespace,
    'db.operation.name': operation,
    'db.collection.name': table,
    'db.query.summary': `${operation} ${table}`,
    'db.query.text': query,
  };
  if (target.serverAddress !== undefined) attributes['server.address'] = target.serverAddress;
  if (target.serverPort !== undefined) attributes['server.port'] = target.serverPort;
  return attributes;
}
