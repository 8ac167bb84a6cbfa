# Stand-in for otel/opentelemetry-collector-contrib:<pinned>, used only where the official image cannot
# be pulled. It keeps the official image's runtime contract (distributions/otelcol-contrib/Dockerfile
# in opentelemetry-collector-releases): the collector at /otelcol-contrib as the entrypoint, CMD
# `--config /etc/otelcol-contrib/config.yaml` with a default config there, `USER 10001:10001` with no
# passwd entry, a CA bundle, and ports 4317 4318 55678 55679 exposed.
#
# Differences: the binary is tools/collector/builder-config.yaml's distribution, not contrib's full set,
# so a config naming any other component (upstream's default config's health_check, pprof, zpages,
# jaeger, zipkin, prometheus) fails to load; the default config here uses otlp, batch, debug and
# healthcheckv2 only, and nothing listens on 55678/55679. Debian instead of scratch underneath, with
# wget, which upstream has no shell to run: a compose health check that runs wget works here and
# never against upstream, so gate on the health endpoint from outside the container instead.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
LABEL org.threadline.stand-in="otel/opentelemetry-collector-contrib:0.148.0"
RUN apt-get update \
  && apt-get install -y --no-install-recommends wget ca-certificates \
  && apt-get clean && rm -rf /var/lib/apt/lists/*
COPY otelcol-contrib /otelcol-contrib
COPY config.yaml /etc/otelcol-contrib/config.yaml
EXPOSE 4317 4318 55678 55679
ENTRYPOINT ["/otelcol-contrib"]
CMD ["--config", "/etc/otelcol-contrib/config.yaml"]
USER 10001:10001
