#!/usr/bin/env bash
# As upstream's bin/kafka-broker-api-versions.sh.
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
