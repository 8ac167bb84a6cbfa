# Stand-in for cassandra:5.0.6, used only where the official image cannot be pulled.
# It keeps the official image's runtime contract (docker-library/cassandra 5.0): Apache Cassandra
# 5.0.6 on Java 17 under /opt/cassandra with its configuration at /etc/cassandra (CASSANDRA_CONF);
# docker-entrypoint.sh with the same CASSANDRA_* variables (SEEDS, CLUSTER_NAME, DC, RACK,
# ENDPOINT_SNITCH, LISTEN_ADDRESS, BROADCAST_ADDRESS, BROADCAST_RPC_ADDRESS, RPC_ADDRESS, NUM_TOKENS)
# and MAX_HEAP_SIZE/HEAP_NEWSIZE/JVM_EXTRA_OPTS; root stepping down to user `cassandra` (uid 999) with
# gosu; `VOLUME /var/lib/cassandra`; ports 7000, 7001, 7199 (JMX, local only) and 9042 (CQL);
# `cassandra -f` as the command and `nodetool` on the PATH.
#
# Differences: Debian bookworm's OpenJDK 17 instead of Eclipse Temurin on Ubuntu; the jars come from
# Maven Central (cassandra-all and its dependencies), not the release tarball, so bin/ holds small
# scripts of our own and there is no cqlsh (Python, not in Maven) — `cql-ping` answers whether the CQL
# port serves instead; logs go to stdout only; the heap defaults to 512M rather than a share of the
# machine's memory, without -XX:+AlwaysPreTouch; a node joins after a 5 s ring delay, not 30 s; no
# jemalloc, numactl or Sigar native library.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
LABEL org.threadline.stand-in="cassandra:5.0.6"
RUN groupadd -r cassandra --gid=999 \
  && useradd -r -g cassandra --uid=999 cassandra \
  && mkdir -p /usr/share/man/man1 \
  && apt-get update \
  && apt-get install -y --no-install-recommends openjdk-17-jre-headless procps iproute2 gosu \
  && rm -rf /var/lib/apt/lists/*
ENV CASSANDRA_HOME=/opt/cassandra \
    CASSANDRA_CONF=/etc/cassandra
ENV PATH=$CASSANDRA_HOME/bin:$PATH
COPY lib /opt/cassandra/lib
COPY cassandra/bin /opt/cassandra/bin
COPY cassandra/conf /etc/cassandra
COPY cassandra/docker-entrypoint.sh /usr/local/bin/
RUN ln -sT /etc/cassandra /opt/cassandra/conf \
  && mkdir -p /var/lib/cassandra /var/log/cassandra \
  && chown -R cassandra:cassandra /etc/cassandra /var/lib/cassandra /var/log/cassandra \
  && chmod 1777 /etc/cassandra /var/lib/cassandra /var/log/cassandra \
  && chmod -R a+rwX /etc/cassandra \
  && ln -sT /var/lib/cassandra /opt/cassandra/data \
  && ln -sT /var/log/cassandra /opt/cassandra/logs \
  && cassandra -v
VOLUME /var/lib/cassandra
ENTRYPOINT ["docker-entrypoint.sh"]
EXPOSE 7000 7001 7199 9042
CMD ["cassandra", "-f"]
