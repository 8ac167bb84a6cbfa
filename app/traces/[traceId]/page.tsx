import { notFound } from 'next/navigation';
import Link from 'next/link';
import { shopConfig } from '@/lib/shop/config';
import { isTraceId } from '@/lib/traces/trace-id';
import { TraceLink } from '../../components/TraceLink';
import { TraceView } from '../../components/TraceView';

export const dynamic = 'force-dynamic';

/** Any trace by ID, drawn from Jaeger's API: the view to use where Jaeger's own UI is not available. */
export default async function TracePage({ params }: { params: Promise<{ traceId: string }> }) {
  const { traceId } = await params;
  if (!isTraceId(traceId)) notFound();
  return (
    <>
      <p>
        <Link href="/">← Back to the shop</Link> · <TraceLink jaegerUiUrl={shopConfig().jaegerUiUrl} traceId={traceId} />
      </p>
      <TraceView traceId={traceId} />
    </>
  );
}
