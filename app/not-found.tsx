import Link from 'next/link';

/**
 * The shop's own "not found": Next.js's default page styles itself inline, which the pages' policy
 * (no inline styles) would block; this one uses the shop's stylesheet.
 */
export default function NotFound() {
  return (
    <section className="panel" aria-labelledby="not-found-heading">
      <h2 id="not-found-heading">Not found</h2>
      <p>There is nothing here, or nothing this visit may see.</p>
      <p>
        <Link href="/">← Back to the shop</Link>
      </p>
    </section>
  );
}
