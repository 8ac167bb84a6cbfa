# Stand-in for apache/kafka:4.4.0, used only where the official image cannot be pulled. Built from the
# Kafka 4.4.0 jars on Maven Central (kafka/pom.xml), it keeps the official image's runtime contract
# (docker/jvm/Dockerfile upstream): `/etc/kafka/docker/run` as the command, which turns KAFKA_*
# variables into /opt/kafka/config/server.properties (or, with none, runs the default single KRaft
# broker+controller with PLAINTEXT on 9092) and formats the storage with CLUSTER_ID on first start;
# Kafka under /opt/kafka with the admin scripts in /opt/kafka/bin; files in /mnt/shared/config taken
# as configuration; the log dir /tmp/kraft-combined-logs unless KAFKA_LOG_DIRS says otherwise; the
# same VOLUMEs; user `appuser` (uid 1000), not root.
#
# Differences: Debian bookworm's OpenJDK 17 JRE instead of Temurin 21 on Alpine, and no class-data
# sharing archives, so the JVM starts a little slower; a 512 MB default heap, not 1 GB
# (KAFKA_HEAP_OPTS overrides it); logs go to stdout only, not also to files under /opt/kafka/logs;
# only the admin scripts in kafka/bin (topics, consumer groups, broker API versions, storage,
# metadata quorum, offsets, console producer and consumer), no Connect, Streams or ZooKeeper-era
# tools; no checks of SSL and SASL variables before start (Kafka itself still rejects a bad set-up),
# and no JMX defaults.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
LABEL org.threadline.stand-in="apache/kafka:4.4.0"
RUN apt-get update \
  && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
  && rm -rf /var/lib/apt/lists/* \
  && useradd --uid 1000 --create-home --home-dir /home/appuser --shell /bin/bash appuser \
  && mkdir -p /opt/kafka/config /opt/kafka/logs /var/lib/kafka/data /etc/kafka/secrets /etc/kafka/docker \
    /mnt/shared/config /usr/logs
COPY libs /opt/kafka/libs
COPY bin /opt/kafka/bin
COPY config /etc/kafka/docker
COPY entrypoint.sh /etc/kafka/docker/run
# The tarball's config folder holds the log4j2 files too; the tools read them before the wrapper runs.
RUN cp /etc/kafka/docker/log4j2.yaml /etc/kafka/docker/tools-log4j2.yaml /opt/kafka/config/ \
  && chown -R appuser:appuser /usr/logs /opt/kafka /mnt/shared/config \
  && chown -R appuser:root /var/lib/kafka /etc/kafka/secrets /etc/kafka \
  && chmod -R ug+w /etc/kafka /var/lib/kafka /etc/kafka/secrets
EXPOSE 9092
USER appuser
VOLUME ["/etc/kafka/secrets", "/var/lib/kafka/data", "/mnt/shared/config"]
CMD ["/etc/kafka/docker/run"]
