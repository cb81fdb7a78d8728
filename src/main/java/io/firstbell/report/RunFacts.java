package io.firstbell.report;

import io.firstbell.ledger.FailureSamples;
import io.firstbell.ledger.LedgerCsv;
import io.firstbell.ledger.LoginRecord;
import io.firstbell.results.RunFiles;
import io.firstbell.telemetry.TargetEvent;
import io.firstbell.telemetry.TelemetryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a run folder recorded, read back: the ledger ({@code logins.csv}), the failed responses sampled, and the target's
 * telemetry and events. Every analysis of a run is a function of these and of its {@link io.firstbell.results.RunRecord}.
 */
public record RunFacts(List<LoginRecord> ledger, List<FailureSamples.Sample> samples, List<TelemetryFiles.Reading> telemetry,
    List<TargetEvent> events, List<TelemetryFiles.Instances> instances) {

  /** The ledger's file in a run folder. */
  public static final String LEDGER = "logins.csv";

  /**
   * @return the facts of the run in {@code folder}
   * @throws IllegalArgumentException when the folder holds no ledger
   */
  public static RunFacts read(Path folder) throws IOException {
    Path ledger = folder.resolve(LEDGER);
    if (!Files.isRegularFile(ledger)) {
      throw new IllegalArgumentException(folder + " holds no " + LEDGER + "; give the folder of a FirstBell run, such as results/latest");
    }
    return read(folder, LedgerCsv.read(ledger));
  }

  /** @return the facts of the run in {@code folder}, its ledger given (when {@code logins.csv} could not be written whole) */
  public static RunFacts read(Path folder, List<LoginRecord> ledger) throws IOException {
    return new RunFacts(ledger, RunFiles.readFailureSamples(folder), TelemetryFiles.readings(folder.resolve("telemetry.csv")),
        TelemetryFiles.events(folder), TelemetryFiles.instances(folder));
  }
}
