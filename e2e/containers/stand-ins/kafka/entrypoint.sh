#!/usr/bin/env bash
# The official apache/kafka image's start-up for the stand-in (kafka.Dockerfile): upstream's
# /etc/kafka/docker/run, configureDefaults, configure and launch in one file, installed at the same
# path (/etc/kafka/docker/run). The KAFKA_* to server.properties translation and the storage format
# are not re-implemented: they are kafka.docker.KafkaDockerWrapper, the class in kafka_2.13 that
# upstream's launch calls, so the convention is Kafka's own (KAFKA_ stripped, lower-cased, `_` -> `.`,
# `__` -> `_`, `___` -> `-`; KAFKA_HEAP_OPTS, KAFKA_OPTS and the other JVM variables are left out).
set -Eeuo pipefail

# `docker run apache/kafka:4.4.0 KEY=value ...` sets variables, as upstream's run does.
for assignment in "$@"; do export "$assignment"; done

echo "===> User"
id

# configureDefaults: the cluster id upstream bakes in, so a bare `docker run` formats and starts.
export CLUSTER_ID="${CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}"

# configure: a controller-only node advertises nothing; anything else that gives only advertised
# listeners binds the same ports on every interface.
if [ "${KAFKA_PROCESS_ROLES:-}" = controller ]; then
  if [ -n "${KAFKA_ADVERTISED_LISTENERS:-}" ]; then
    echo 'KAFKA_ADVERTISED_LISTENERS is not supported on a KRaft controller.' >&2
    exit 1
  fi
  unset KAFKA_ADVERTISED_LISTENERS
elif [ -z "${KAFKA_LISTENERS:-}" ] && [ -n "${KAFKA_ADVERTISED_LISTENERS:-}" ]; then
  KAFKA_LISTENERS="$(sed -e 's|://[^:]*:|://0.0.0.0:|g' <<<"$KAFKA_ADVERTISED_LISTENERS")"
  export KAFKA_LISTENERS
fi

# Each start writes server.properties afresh, so a changed variable takes effect on restart.
rm -f /opt/kafka/config/server.properties
cp -R /mnt/shared/config/. /opt/kafka/config/

# launch: the wrapper writes /opt/kafka/config/server.properties from the variables (or the default
# configuration when there are none) and formats the log directories with CLUSTER_ID. On a restart
# the directories are already formatted; the tool says so and fails, which upstream treats as success.
echo "===> Using cluster id $CLUSTER_ID ..."
if ! result="$(/opt/kafka/bin/kafka-run-class.sh kafka.docker.KafkaDockerWrapper setup \
  --default-configs-dir /etc/kafka/docker \
  --mounted-configs-dir /mnt/shared/config \
  --final-configs-dir /opt/kafka/config 2>&1)"; then
  if ! grep -qi 'already formatted' <<<"$result"; then
    echo "$result" >&2
    exit 1
  fi
fi
echo "$result"

echo "===> Launching kafka ..."
exec /opt/kafka/bin/kafka-server-start.sh /opt/kafka/config/server.properties
