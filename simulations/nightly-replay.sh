#!/usr/bin/env bash
# Nightly replay: replay the recorded peak at 120 % against the target, compare the run with the last good baseline, and keep
# the new summary as the baseline when it passes. Exit 0: passed (and is the new baseline); 1: a regression against the
# baseline; anything else: the run itself failed its SLO or could not run (the baseline is kept).
#
#   simulations/nightly-replay.sh                       # the profile's recording, at the profile's multiplier
#   RECORDING=recordings/sept-peak.log.gz MULTIPLIER=1.2 BASELINE=baselines/replay.json simulations/nightly-replay.sh
#   simulations/nightly-replay.sh -Dfirstbell.stack.preset=march-2018     # extra -D settings go to the run
set -uo pipefail
cd "$(dirname "$0")/.."

PROFILE=${PROFILE:-simulations/replay.conf}
BASELINE=${BASELINE:-baselines/replay-summary.json}
RESULTS=${RESULTS:-results}
run_args=(-Dgatling.simulationClass=io.firstbell.simulations.ReplaySimulation "-Dprofile=$PROFILE" "-Dfirstbell.results.directory=$RESULTS")
[ -n "${RECORDING:-}" ] && run_args+=("-Dfirstbell.load.replay.source=$RECORDING")
[ -n "${MULTIPLIER:-}" ] && run_args+=("-Dfirstbell.load.replay.multiplier=$MULTIPLIER")

echo "nightly replay: ${RECORDING:-the recording of $PROFILE} at ${MULTIPLIER:-the multiplier of $PROFILE}, baseline $BASELINE"
./mvnw -B gatling:test "${run_args[@]}" "$@"
run_status=$?
summary="$RESULTS/latest/summary.json"
if [ ! -f "$summary" ]; then
  echo "nightly replay: no summary was written (exit $run_status); the baseline is kept" >&2
  exit "$(( run_status == 0 ? 2 : run_status ))"
fi

if [ -f "$BASELINE" ]; then
  ./mvnw -B -q exec:java -Dexec.mainClass=io.firstbell.report.ReportMain -Dexec.args="compare $BASELINE $RESULTS/latest"
  compare_status=$?
  if [ "$compare_status" -ne 0 ]; then
    echo "nightly replay: REGRESSION against $BASELINE (compare exit $compare_status); the baseline is kept" >&2
    exit 1
  fi
else
  echo "nightly replay: no baseline at $BASELINE yet; this run becomes the first if it passed"
fi

if [ "$run_status" -ne 0 ]; then
  echo "nightly replay: the run did not pass (exit $run_status); the baseline is kept" >&2
  exit "$run_status"
fi
mkdir -p "$(dirname "$BASELINE")"
cp "$summary" "$BASELINE"
echo "nightly replay: passed; $summary is the new baseline $BASELINE"
