# Stand-in for postgres:15-bookworm, used only where the official image cannot be pulled. Built from
# Debian bookworm's own postgresql-15, it keeps the official image's contract that compose.team.yaml
# relies on: POSTGRES_PASSWORD (required unless POSTGRES_HOST_AUTH_METHOD=trust), POSTGRES_USER
# (default postgres), POSTGRES_DB (default: the user's name), scripts in /docker-entrypoint-initdb.d
# (*.sh, *.sql) run once on an empty data folder, PGDATA=/var/lib/postgresql/data as a VOLUME, port
# 5432 on every interface, pg_isready for health checks, SIGINT to stop (a fast shutdown).
#
# Differences: the server runs as the `postgres` user from the start (USER postgres), where the
# official image starts as root and steps down; Debian's uid for that user, not 999.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
LABEL org.threadline.stand-in="postgres:15-bookworm"
# Debian's package would make a cluster of its own on install; the entrypoint makes the one in PGDATA.
RUN mkdir -p /etc/postgresql-common/createcluster.d \
  && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/no-main-cluster.conf \
  && apt-get update \
  && apt-get install -y --no-install-recommends postgresql-15 \
  && rm -rf /var/lib/apt/lists/* \
  && mkdir -p /var/lib/postgresql/data /var/run/postgresql /docker-entrypoint-initdb.d \
  && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql \
  && chmod 700 /var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data
VOLUME ["/var/lib/postgresql/data"]
EXPOSE 5432
STOPSIGNAL SIGINT
USER postgres
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
