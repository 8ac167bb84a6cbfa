import { SpanKind, type Tracer } from '@opentelemetry/api';
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
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system.name': 'sqlite',
        'db.namespace': call.namespace,
        'db.operation.name': call.operation,
        'db.collection.name': call.table,
        'db.query.text': call.query,
      },
    },
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
