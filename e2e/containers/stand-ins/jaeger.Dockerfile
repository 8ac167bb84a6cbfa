# Stand-in for jaegertracing/jaeger:<pinned>, used only where the official image cannot be pulled.
# It keeps the official image's runtime contract (cmd/jaeger/Dockerfile upstream): the pinned Jaeger
# binary at /cmd/jaeger/jaeger-linux as the entrypoint, JAEGER_LISTEN_HOST=0.0.0.0, `VOLUME /tmp`,
# `USER 10001` with no home and no passwd entry, and a shell with wget for health checks, as its
# Alpine base has.
#
# Differences: Debian instead of Alpine underneath; the binary is built from the Go module proxy,
# which carries no Jaeger UI assets, so this image serves a one-page UI stand-in (jaeger-ui/) through
# Jaeger's own `ui.assets_path` instead of the real UI.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
LABEL org.threadline.stand-in="jaegertracing/jaeger"
RUN apt-get update \
  && apt-get install -y --no-install-recommends wget ca-certificates \
  && rm -rf /var/lib/apt/lists/*
COPY jaeger /cmd/jaeger/jaeger-linux
COPY jaeger-ui /cmd/jaeger/ui-stand-in
ENV JAEGER_LISTEN_HOST=0.0.0.0 \
    JAEGER_UI_ASSETS_DIR=/cmd/jaeger/ui-stand-in
EXPOSE 4317 4318 5778 5779 9411 13132 13133 14250 14268 16686
VOLUME ["/tmp"]
ENTRYPOINT ["/cmd/jaeger/jaeger-linux"]
USER 10001
