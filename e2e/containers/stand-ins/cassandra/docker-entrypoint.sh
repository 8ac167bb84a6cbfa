#!/bin/bash
# The official image's docker-entrypoint.sh (docker-library/cassandra), kept to the same contract:
# CASSANDRA_* variables rewrite cassandra.yaml and cassandra-rackdc.properties on each start, root
# steps down to `cassandra` after fixing ownership of the data, log and config directories.
set -e

# first arg is `-f` or `--some-option`, or there are no args
if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then
  set -- cassandra -f "$@"
fi

# allow the container to be started with `--user`
if [ "$1" = 'cassandra' ] && [ "$(id -u)" = '0' ]; then
  find /var/lib/cassandra /var/log/cassandra "$CASSANDRA_CONF" \! -user cassandra -exec chown cassandra '{}' +
  exec gosu cassandra "$BASH_SOURCE" "$@"
fi

_ip_address() {
  # the first non-localhost IPv4 address of the container
  ip address | awk '
    $1 == "inet" && $NF != "lo" {
      gsub(/\/.+$/, "", $2)
      print $2
      exit
    }
  '
}

# "sed -i", but without "mv" (which does not work on a bind-mounted file)
_sed-in-place() {
  local filename="$1"
  shift
  local tempFile
  tempFile="$(mktemp)"
  sed "$@" "$filename" >"$tempFile"
  cat "$tempFile" >"$filename"
  rm "$tempFile"
}

if [ "$1" = 'cassandra' ]; then
  : "${CASSANDRA_RPC_ADDRESS=0.0.0.0}"

  : "${CASSANDRA_LISTEN_ADDRESS=auto}"
  if [ "$CASSANDRA_LISTEN_ADDRESS" = 'auto' ]; then
    CASSANDRA_LISTEN_ADDRESS="$(_ip_address)"
  fi

  : "${CASSANDRA_BROADCAST_ADDRESS=$CASSANDRA_LISTEN_ADDRESS}"
  if [ "$CASSANDRA_BROADCAST_ADDRESS" = 'auto' ]; then
    CASSANDRA_BROADCAST_ADDRESS="$(_ip_address)"
  fi
  : "${CASSANDRA_BROADCAST_RPC_ADDRESS:=$CASSANDRA_BROADCAST_ADDRESS}"

  if [ -n "${CASSANDRA_NAME:+1}" ]; then
    : "${CASSANDRA_SEEDS:=cassandra}"
  fi
  : "${CASSANDRA_SEEDS:=$CASSANDRA_BROADCAST_ADDRESS}"

  # A data centre or rack only means something to a snitch that reads cassandra-rackdc.properties.
  if [ -n "${CASSANDRA_DC:+1}${CASSANDRA_RACK:+1}" ]; then
    : "${CASSANDRA_ENDPOINT_SNITCH:=GossipingPropertyFileSnitch}"
  fi

  _sed-in-place "$CASSANDRA_CONF/cassandra.yaml" \
    -r 's/(- seeds:).*/\1 "'"$CASSANDRA_SEEDS"'"/'

  for yaml in \
    broadcast_address \
    broadcast_rpc_address \
    cluster_name \
    endpoint_snitch \
    listen_address \
    num_tokens \
    rpc_address; do
    var="CASSANDRA_${yaml^^}"
    val="${!var}"
    if [ "$val" ]; then
      _sed-in-place "$CASSANDRA_CONF/cassandra.yaml" \
        -r 's/^(# )?('"$yaml"':).*/\2 '"$val"'/'
    fi
  done

  for rackdc in dc rack; do
    var="CASSANDRA_${rackdc^^}"
    val="${!var}"
    if [ "$val" ]; then
      _sed-in-place "$CASSANDRA_CONF/cassandra-rackdc.properties" \
        -r 's/^('"$rackdc"'=).*/\1 '"$val"'/'
    fi
  done
fi

exec "$@"
