import Link from 'next/link';

export function jaegerTraceUrl(jaegerUiUrl: string, traceId: string): string {
  return `${jaegerUiUrl}/trace/${traceId}`;
}

/**
 * A link to the trace in Jaeger's own UI, offered only where Jaeger serves one (`jaegerUiUrl` is
 * undefined otherwise: see lib/shop/jaeger-ui-link.ts). `leading` (a separator) shows only with the link.
 */
export function TraceLink({
  jaegerUiUrl,
  traceId,
  leading = '',
}: {
  jaegerUiUrl: string | undefined;
  traceId: string;
  leading?: string;
}) {
  if (!jaegerUiUrl) return null;
  return (
    <>
      {leading}
      <a href={jaegerTraceUrl(jaegerUiUrl, traceId)} target="_blank" rel="noreferrer">
        View trace in Jaeger
      </a>
    </>
  );
}

/** The shop's own view of the trace, which works with any Jaeger. */
export function OpenTraceLink({ traceId }: { traceId: string }) {
  return <Link href={`/traces/${traceId}`}>Open trace</Link>;
}

/** Said instead of a link to a Jaeger that would show only its placeholder page. */
export function JaegerUiHint() {
  return (
    <p className="muted" data-testid="jaeger-ui-hint">
      This Jaeger serves no UI of its own, so the shop draws the trace itself; Jaeger’s UI comes with its official Docker image
      (start the shop with Docker running, or <code>JAEGER_MODE=docker npm start</code>).
    </p>
  );
}
