# Stand-in for haproxy:2.6-bookworm, used only where the official image cannot be pulled. Built from
# Debian bookworm's own haproxy (2.6), it keeps the official image's contract that compose.team.yaml
# relies on: the configuration at /usr/local/etc/haproxy/haproxy.cfg, `haproxy` on the PATH, the
# `haproxy` user (not root) as the process's user, SIGUSR1 to stop (soft stop: finish what is in
# flight), and the master-worker mode in the foreground (-W -db).
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
LABEL org.threadline.stand-in="haproxy:2.6-bookworm"
RUN apt-get update \
  && apt-get install -y --no-install-recommends haproxy \
  && rm -rf /var/lib/apt/lists/* \
  && mkdir -p /usr/local/etc/haproxy /var/lib/haproxy \
  && chown haproxy:haproxy /var/lib/haproxy
STOPSIGNAL SIGUSR1
USER haproxy
CMD ["haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]
