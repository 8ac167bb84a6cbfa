# Stand-in for prom/prometheus:v2.42.0, used only where the official image cannot be pulled. It keeps
# the official image's runtime contract (Dockerfile in prometheus/prometheus at v2.42.0): Prometheus
# at /bin/prometheus as the entrypoint and promtool at /bin/promtool, upstream's CMD (config
# /etc/prometheus/prometheus.yml, TSDB in /prometheus, console flags), WORKDIR and `VOLUME /prometheus`
# owned by nobody, `USER nobody`, port 9090, and wget for health checks, as its busybox base has.
#
# Differences: Debian bookworm's own build of 2.42.0 (prometheus 2.42.0+ds), which serves the classic
# web UI instead of the React one and ships no example console templates (its consoles directories
# hold only a README), so /consoles/*.html are 404; the group is nogroup, as Debian names it. Debian
# instead of busybox underneath; GNU wget instead of busybox wget.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
LABEL org.threadline.stand-in="prom/prometheus:v2.42.0"
# No recommends: they pull in prometheus-node-exporter, which nothing here runs. Of moment-timezone's
# 214 MB the classic UI loads one file (templates/_base.html); the rest goes. apt-get clean: minbase
# keeps the downloaded packages otherwise.
RUN apt-get update \
  && apt-get install -y --no-install-recommends prometheus wget ca-certificates \
  && find /usr/share/javascript/moment-timezone -mindepth 1 ! -name moment-timezone-with-data.min.js -delete \
  && apt-get clean && rm -rf /var/lib/apt/lists/*
# /bin is /usr/bin on bookworm, so the package's binaries are already where upstream puts them. The
# default config is upstream's example reduced to what it does: scrape this Prometheus.
RUN printf '%s\n' 'global:' '  scrape_interval: 15s' '  evaluation_interval: 15s' 'scrape_configs:' \
     '  - job_name: prometheus' '    static_configs:' '      - targets: ["localhost:9090"]' \
     > /etc/prometheus/prometheus.yml \
  && mkdir -p /usr/share/prometheus /prometheus \
  && ln -s /etc/prometheus/console_libraries /usr/share/prometheus/console_libraries \
  && ln -s /etc/prometheus/consoles /usr/share/prometheus/consoles \
  && chown -R nobody:nogroup /etc/prometheus /prometheus
WORKDIR /prometheus
USER nobody
EXPOSE 9090
VOLUME ["/prometheus"]
ENTRYPOINT ["/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", \
     "--storage.tsdb.path=/prometheus", \
     "--web.console.libraries=/usr/share/prometheus/console_libraries", \
     "--web.console.templates=/usr/share/prometheus/consoles"]
