export function jaegerTraceUrl(jaegerUiUrl: string, traceId: string): string {
  return `${jaegerUiUrl}/trace/${traceId}`;
}

export function TraceLink({ jaegerUiUrl, traceId }: { jaegerUiUrl: string; traceId: string }) {
  return (
    <a href={jaegerTraceUrl(jaegerUiUrl, traceId)} target="_blank" rel="noreferrer">
      View trace in Jaeger
    </a>
  );
}
