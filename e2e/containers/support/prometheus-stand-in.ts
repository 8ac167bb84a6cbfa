/**
 * Prometheus as compose names it: the version Debian bookworm ships (2.42.0), whose package the
 * stand-in installs, so the image tag and the stand-in's binary are the same release.
 */
export const PROMETHEUS_IMAGE = 'prom/prometheus:v2.42.0';

/** prometheus.Dockerfile needs nothing in its build context but itself: apt fetches the package. */
export function assemblePrometheusStandIn(_context: string): string {
  return 'prometheus.Dockerfile';
}
