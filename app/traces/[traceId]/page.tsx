import { notFound } from 'next/navigation';
import Link from 'next/link';
import { jaegerUiBaseUrl } from '@/lib/server/jaeger-ui-link';
import { isTraceId } from '@threadline/traces';
import { JaegerUiHint, TraceLink } from '../../components/TraceLink';
import { TraceView } from '../../components/trace-view/TraceView';

export const dynamic = 'force-dynamic';

/** Any trace by ID, drawn from Jaeger's API: the view to use where Jaeger's own UI is not available. */
export default async function TracePage({ params }: { params: Promise<{ traceId: string }> }) {
  const { traceId } = await params;
  if (!isTraceId(traceId)) notFound();
  const jaegerUiUrl = await jaegerUiBaseUrl();
  return (
    <>
      <p>
        <Link href="/">← Back to the shop</Link>
        <TraceLink jaegerUiUrl={jaegerUiUrl} traceId={traceId} leading=" · " />
      </p>
      {!jaegerUiUrl && <JaegerUiHint />}
      <TraceView traceId={traceId} />
    </>
  );
}
