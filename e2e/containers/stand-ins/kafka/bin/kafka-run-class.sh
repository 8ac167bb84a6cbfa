#!/usr/bin/env bash
# The part of upstream's bin/kafka-run-class.sh this image needs: one classpath (/opt/kafka/libs),
# Kafka's JVM flags, and log4j2 configured from /opt/kafka/config. Every other script here calls it,
# so KAFKA_HEAP_OPTS, KAFKA_OPTS, KAFKA_JVM_PERFORMANCE_OPTS and KAFKA_LOG4J_OPTS work as upstream.
set -euo pipefail
base_dir=/opt/kafka
: "${KAFKA_HEAP_OPTS:=-Xmx256M}"
: "${KAFKA_JVM_PERFORMANCE_OPTS:=-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true}"
: "${KAFKA_LOG4J_OPTS:=-Dlog4j2.configurationFile=$base_dir/config/tools-log4j2.yaml}"
: "${LOG_DIR:=$base_dir/logs}"
# The *_OPTS are lists of flags: split on spaces on purpose, as upstream does.
# shellcheck disable=SC2086
exec java $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS ${KAFKA_JMX_OPTS:-} -Dkafka.logs.dir="$LOG_DIR" \
  $KAFKA_LOG4J_OPTS -cp "$base_dir/libs/*" ${KAFKA_OPTS:-} "$@"
