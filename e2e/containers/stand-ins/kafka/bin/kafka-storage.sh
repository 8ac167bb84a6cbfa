#!/usr/bin/env bash
# As upstream's bin/kafka-storage.sh.
exec "$(dirname "$0")/kafka-run-class.sh" kafka.tools.StorageTool "$@"
