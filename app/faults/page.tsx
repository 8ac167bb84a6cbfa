import type { Metadata } from 'next';
import Link from 'next/link';
import { FaultsPanel } from '../components/FaultsPanel';

export const metadata: Metadata = { title: 'Faults · Threadline shop' };

/**
 * Break the shop on purpose and watch it in the traces (docs/faults.md). The page itself is the same
 * for everyone; what it shows and switches goes through /api/faults, which decides who may.
 */
export default function FaultsPage() {
  return (
    <>
      <p>
        <Link href="/">← Back to the shop</Link>
      </p>
      <section className="panel">
        <h2>Break it on purpose</h2>
        <p>
          Switch a fault on, apply, then place orders. Each injected fault marks its span with{' '}
          <code>threadline.fault.injected</code>: open an order’s trace from the shop, or search Jaeger for that tag. Every switch
          is off when the shop starts (unless its <code>FAULT_*</code> variable says otherwise) and applies to everyone using the
          shop.
        </p>
      </section>
      <FaultsPanel />
    </>
  );
}
