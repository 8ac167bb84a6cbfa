import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { ApiError } from '@threadline/service-kit';
import { assertMayReadTrace } from '@/lib/server/trace-access';
import Link from 'next/link';
import { jaegerUiBaseUrl } from '@/lib/server/jaeger-ui-link';
import { isTraceId } from '@threadline/traces';
import { JaegerUiHint, TraceLink } from '../../components/TraceLink';
import { TraceView } from '../../components/trace-view/TraceView';

export const dynamic = 'force-dynamic';

/** A trace of this visit by ID, drawn from Jaeger's API: the view to use where Jaeger's own UI is not available. */
export default async function TracePage({ params }: { params: Promise<{ traceId: string }> }) {
  const { traceId } = await params;
  if (!isTraceId(traceId) || !(await mayRead(traceId))) notFound();
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

/** The same rule as /api/traces/<id> (trace-access.ts): a trace that is not the visitor's is not found. */
async function mayRead(traceId: string): Promise<boolean> {
  const requestHeaders = await headers();
  try {
    await assertMayReadTrace((name) => requestHeaders.get(name), traceId);
    return true;
  } catch (error) {
    if (error instanceof ApiError) return false;
    throw error;
  }
}
