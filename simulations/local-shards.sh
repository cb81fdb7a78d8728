#!/usr/bin/env bash
# A sharded run on this host: N shard JVMs against one target (the embedded default gets one reference stack for all),
# merged into results/<run-id>/merged, which results/latest then points at.
#
#   simulations/local-shards.sh SHARDS SIMULATION [--start-delay 30s] [--run-id ID] [--heap 1g] [-Dkey=value ...]
#   simulations/local-shards.sh 3 StudentLoginSimulation -Dprofile=simulations/student-login.conf
#
# Exit status: 0 when the merged run passed, 2 when its verdict failed, 1 when there is no answer (or a shard ended without one).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then
  echo "usage: simulations/local-shards.sh SHARDS SIMULATION [--start-delay 30s] [--run-id ID] [--heap 1g] [-Dkey=value ...]" >&2
  exit 1
fi
shards=$1 simulation=$2
shift 2
# compile once, then run the launcher in its own JVM (not under Maven, so that its exit status and Ctrl-C reach it directly)
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/local-shards.classpath -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/local-shards.classpath)" io.firstbell.shard.LocalShards \
  --shards "$shards" --simulation "$simulation" "$@"
