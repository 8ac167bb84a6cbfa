#!/usr/bin/env bash
# As upstream's bin/kafka-console-producer.sh.
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.ConsoleProducer "$@"
