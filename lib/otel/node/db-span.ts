import { SpanKind, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { recordError } from './record-error';

export interface DbCall {
  /** `db.operation.name`, e.g. SELECT or INSERT. */
  operation: string;
  /** `db.collection.name`: the table. */
  table: string;
  /** `db.query.text`: the parameterised statement, never with the values bound into it. */
  query: string;
  /** `db.namespace`: which database file, by its logical name. */
  namespace: string;
}

/**
 * Runs one database call inside a CLIENT span named by the database semantic conventions
 * ("SELECT users"), recording a thrown error on the span before rethrowing it.
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

function dbAttributes(call: DbCall): Attributes {
  return {
    'db.system.name': 'sqlite',
    'db.namespace': call.namespace,
    'db.operation.name': call.operation,
    'db.collection.name': call.table,
    'db.query.text': call.query,
  };
}
