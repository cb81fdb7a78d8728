package io.firstbell.simulations;

import io.firstbell.replay.Recording;
import io.firstbell.replay.RecordingReader;
import io.firstbell.replay.ReplayPlan;
import io.firstbell.replay.ReplaySettings;
import io.firstbell.run.FirstBellRun;
import io.gatling.javaapi.core.Simulation;

/**
 * Recorded login traffic replayed: the arrival pattern of a recording's logins (a counts series or an access log, in a
 * window), at a multiplier and a speed, each replayed login a whole journey of the recorded persona and district where the
 * recording names them. {@code firstbell.load.replay}; profile {@code simulations/replay.conf}.
 */
public class ReplaySimulation extends Simulation {

  // parameters: the recording, read and checked before the run (and its stack) is set up, then the plan
  private final ReplaySettings settings = ReplaySettings.from(io.firstbell.config.FirstBellConfig.load());
  private final Recording recording = RecordingReader.read(settings);
  private final ReplayPlan replay = ReplayPlan.of(recording, settings);
  private final FirstBellRun run = FirstBellRun.builder(ReplaySimulation.class).build();

  // scenario and setUp: after the preflight and a warm-up no harder than the replay's first minute
  {
    setUp(run.plan(run.replayMix("Recorded logins replayed", replay), replay.load(), replay.firstMinuteRate())).protocols(run.protocol());
  }

  @Override
  public void before() {
    run.before(replay.describe(settings), record -> record.withReplay(replay.record(settings, run.loadStart())));
  }

  @Override
  public void after() {
    run.after(run.sloFailure());
  }
}
