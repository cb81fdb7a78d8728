package io.firstbell.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The back-to-school morning: four time zones' first bells as a compressed, peak-scaled load shape. */
class BackToSchoolMorningTest {

  private static final double EPS = 1e-9;
  private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

  private static BackToSchoolMorning morning(String overrides) {
    return BackToSchoolMorning.from(FirstBellConfig.withOverrides("firstbell.load.back-to-school { " + overrides + " }"));
  }

  private static String failure(String overrides) {
    return assertThrows(SettingsException.class, () -> morning(overrides)).getMessage();
  }

  private static void assertRates(List<Double> expected, List<Double> actual) {
    assertEquals(expected.size(), actual.size(), () -> "segments of " + actual);
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), actual.get(i), EPS, "segment " + i + " of " + actual);
    }
  }

  /** One bell, 10 minutes of spread, one hour per run minute: every run segment of 5 s is 300 s of morning. */
  private static final String ONE_BELL = "bells = [\"08:00\"], spread = 10m, compression = 60, peak-logins-per-second = 30, ";

  @Test
  void defaultsAreThreeBellsInFourWeightedTimeZones() {
    BackToSchoolMorning m = BackToSchoolMorning.from(FirstBellConfig.withOverrides(""));
    assertEquals(List.of(LocalTime.of(7, 30), LocalTime.of(8, 0), LocalTime.of(8, 30)), m.bells());
    assertEquals(List.of("eastern", "central", "mountain", "pacific"), new ArrayList<>(m.zones().keySet()));
    assertEquals(Map.of("eastern", 0.47, "central", 0.29, "mountain", 0.07, "pacific", 0.17), m.zones());
    assertEquals(30.0, m.peakPerSecond());
    assertEquals(Duration.ofMinutes(12), m.spread());
    assertEquals(60.0, m.compression());
  }

  @Test
  void describeNamesBellsZonesSpreadPeakAndCompression() {
    assertEquals("back-to-school morning: bells [07:30, 08:00, 08:30] in 4 time zones {eastern=0.47, central=0.29, mountain=0.07, pacific=0.17},"
            + " logins rising over 12 min to each bell, peak 30.0 logins/s, compressed 60x",
        BackToSchoolMorning.from(FirstBellConfig.withOverrides("")).describe());
  }

  @Test
  void defaultMorningRunsFromTheFirstEasternLoginToTheLastPacificBell() {
    // first login 07:30 - 12 min = 07:18 Eastern; last bell 08:30 Pacific = 11:30 Eastern: 15 120 s of morning,
    // 300 s of morning per 5 s segment at 60x: ceil(50.4) = 51 segments
    List<Double> rates = BackToSchoolMorning.from(FirstBellConfig.withOverrides("")).rates(FIVE_SECONDS);
    assertEquals(51, rates.size());
    assertEquals(26, BackToSchoolMorning.from(FirstBellConfig.withOverrides("")).rates(Duration.ofSeconds(10)).size()); // ceil(25.2)
    assertEquals(101, morning("compression = 30").rates(FIVE_SECONDS).size()); // 150 s of morning per segment: ceil(100.8)
  }

  @Test
  void defaultMorningPeaksAtExactlyThePeakRateBeforeTheBellEasternAndCentralShare() {
    List<Double> rates = BackToSchoolMorning.from(FirstBellConfig.withOverrides("")).rates(FIVE_SECONDS);
    assertEquals(30.0, Collections.max(rates));
    // 08:30 Eastern is both Eastern's last bell and Central's first (0.47 + 0.29): segment 13 ends 08:33 Eastern
    assertEquals(13, rates.indexOf(30.0));
    for (double r : rates) {
      assertTrue(r >= 0, () -> "negative rate in " + rates);
    }
  }

  @Test
  void defaultMorningIsOneTwoSegmentRampBeforeEachHalfHourOfBellsAndZeroAfterTheLastBell() {
    // Bells of all zones fall on the half hours from 07:30 to 11:30 Eastern, each half hour 6 segments after the previous.
    // A 12-minute ramp is sampled at its segments' midpoints, 150 s and 450 s into it: 150/720 and 450/720 of the way up,
    // so with all shares due at a half hour summed as w, its two segments offer 30 * w / 0.76 / 3 and 30 * w / 0.76
    // (0.76 = Eastern + Central at 08:30 Eastern, the busiest half hour). Every other segment offers nothing.
    double[] w = {0.47, 0.47, 0.47 + 0.29, 0.29, 0.29 + 0.07, 0.07, 0.07 + 0.17, 0.17, 0.17};
    List<Double> expected = new ArrayList<>(Collections.nCopies(51, 0.0));
    for (int g = 0; g < w.length; g++) {
      expected.set(6 * g, 30 * w[g] / 0.76 / 3);
      expected.set(6 * g + 1, 30 * w[g] / 0.76);
    }
    List<Double> rates = BackToSchoolMorning.from(FirstBellConfig.withOverrides("")).rates(FIVE_SECONDS);
    assertRates(expected, rates);
    assertEquals(0.0, rates.get(50)); // 11:28:00 to 11:33:00 Eastern, midpoint after the last bell
  }

  @Test
  void oneBellInEveryZoneIsOneLinearRampPerZoneAnHourApartWeightedByShare() {
    // bell 08:00 in each zone = 08:00, 09:00, 10:00, 11:00 Eastern, each 12 segments after the previous; first login 07:50
    // Eastern, last bell 11:00 Eastern: 11 400 s = 38 segments. Ramp values at the midpoints: 150/600 and 450/600.
    List<Double> rates = morning(ONE_BELL + "time-zones { eastern = 0.4, central = 0.3, mountain = 0.2, pacific = 0.1 }")
        .rates(FIVE_SECONDS);
    List<Double> expected = new ArrayList<>(Collections.nCopies(38, 0.0));
    double[] shares = {0.4, 0.3, 0.2, 0.1};
    for (int z = 0; z < 4; z++) {
      expected.set(12 * z, 30 * shares[z] / 0.4 * 0.25 / 0.75);
      expected.set(12 * z + 1, 30 * shares[z] / 0.4);
    }
    assertRates(expected, rates);
    assertRates(List.of(10.0, 30.0, 7.5, 22.5, 5.0, 15.0, 2.5, 7.5),
        List.of(rates.get(0), rates.get(1), rates.get(12), rates.get(13), rates.get(24), rates.get(25), rates.get(36), rates.get(37)));
  }

  @Test
  void eachZonesLoginsAreProportionalToItsShare() {
    List<Double> rates = morning(ONE_BELL + "time-zones { eastern = 0.75, central = 0, mountain = 0, pacific = 0.25 }").rates(FIVE_SECONDS);
    double eastern = 5 * (rates.get(0) + rates.get(1));
    double pacific = 5 * (rates.get(36) + rates.get(37));
    double total = 5 * rates.stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(5 * (10.0 + 30.0), eastern, EPS);
    assertEquals(3.0, eastern / pacific, EPS);
    assertEquals(eastern + pacific, total, EPS);
  }

  @Test
  void sharesOnlyWeighZonesAgainstEachOtherThePeakSetsTheScale() {
    List<Double> shares = morning(ONE_BELL + "time-zones { eastern = 0.4, central = 0.3, mountain = 0.2, pacific = 0.1 }").rates(FIVE_SECONDS);
    List<Double> doubled = morning(ONE_BELL + "time-zones { eastern = 0.8, central = 0.6, mountain = 0.4, pacific = 0.2 }").rates(FIVE_SECONDS);
    assertRates(shares, doubled);
    List<Double> halfPeak = morning(ONE_BELL + "peak-logins-per-second = 15, time-zones { eastern = 0.4, central = 0.3, mountain = 0.2, pacific = 0.1 }")
        .rates(FIVE_SECONDS);
    assertEquals(shares.size(), halfPeak.size());
    for (int i = 0; i < shares.size(); i++) {
      assertEquals(shares.get(i) / 2, halfPeak.get(i), EPS);
    }
  }

  @Test
  void singleBellInASingleZoneRampsUpToThePeakInTheSegmentBeforeTheBell() {
    // 10 minutes before 08:00 Eastern = 600 s of morning = two 300 s segments, midpoints 150 s and 450 s into the ramp
    List<Double> rates = morning(ONE_BELL + "time-zones { eastern = 1, central = 0, mountain = 0, pacific = 0 }").rates(FIVE_SECONDS);
    assertEquals(10.0, rates.get(0), EPS);
    assertEquals(30.0, rates.get(1));
  }

  @Test
  void singleBellInASingleZoneIsJustItsRamp() {
    List<Double> rates = morning(ONE_BELL + "time-zones { eastern = 1, central = 0, mountain = 0, pacific = 0 }").rates(FIVE_SECONDS);
    assertRates(List.of(10.0, 30.0), rates);
  }

  @Test
  void aMorningWithoutEasternStudentsStartsAtTheFirstCentralLogin() {
    List<Double> rates = morning(ONE_BELL + "time-zones { eastern = 0, central = 1, mountain = 0, pacific = 0 }").rates(FIVE_SECONDS);
    assertRates(List.of(10.0, 30.0), rates);
  }

  @Test
  void bellsThatAreNotTimesAreRefusedNamingTheKey() {
    assertEquals("firstbell.load.back-to-school.bells must be a list of local times such as [\"07:30\", \"08:00\"]",
        failure("bells = [\"8am\"]"));
    assertEquals("firstbell.load.back-to-school.bells must be a list of local times such as [\"07:30\", \"08:00\"]",
        failure("bells = [\"07:30\", \"25:00\"]"));
  }

  @Test
  void emptyBellsAreRefused() {
    assertEquals("firstbell.load.back-to-school.bells is empty; give at least one first bell such as \"08:00\"", failure("bells = []"));
  }

  @Test
  void allZoneSharesZeroIsRefused() {
    assertEquals("firstbell.load.back-to-school.time-zones shares are all 0",
        failure("time-zones { eastern = 0, central = 0, mountain = 0, pacific = 0 }"));
  }

  @Test
  void zoneShareOutsideZeroToOneIsRefusedNamingTheZone() {
    assertEquals("firstbell.load.back-to-school.time-zones.central is -0.1 but must be between 0 and 1", failure("time-zones.central = -0.1"));
  }

  @Test
  void nonPositivePeakSpreadOrCompressionIsRefused() {
    assertEquals("firstbell.load.back-to-school.peak-logins-per-second is 0.0 but must be greater than 0", failure("peak-logins-per-second = 0"));
    assertEquals("firstbell.load.back-to-school.spread is PT0S but must be a positive duration such as 10s", failure("spread = 0s"));
    assertEquals("firstbell.load.back-to-school.compression is -1.0 but must be greater than 0", failure("compression = -1"));
  }

  @Test
  void zoneOrderIsEasternToPacificWhateverTheConfigurationOrder() {
    BackToSchoolMorning m = morning("time-zones { pacific = 0.1, eastern = 0.2, mountain = 0.3, central = 0.4 }");
    Map<String, Double> expected = new LinkedHashMap<>();
    expected.put("eastern", 0.2);
    expected.put("central", 0.4);
    expected.put("mountain", 0.3);
    expected.put("pacific", 0.1);
    assertEquals(expected.toString(), m.zones().toString());
  }
}
