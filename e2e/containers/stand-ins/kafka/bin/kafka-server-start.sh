#!/usr/bin/env bash
# Upstream's bin/kafka-server-start.sh: the broker with its own log4j2 configuration. The default heap
# is 512 MB where upstream's is 1 GB: a single test broker needs far less, and KAFKA_HEAP_OPTS overrides it.
if [ $# -lt 1 ]; then echo "USAGE: $0 server.properties [--override property=value]*" >&2; exit 1; fi
export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx512M -Xms512M}"
export KAFKA_LOG4J_OPTS="${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=/opt/kafka/config/log4j2.yaml}"
exec "$(dirname "$0")/kafka-run-class.sh" kafka.Kafka "$@"
