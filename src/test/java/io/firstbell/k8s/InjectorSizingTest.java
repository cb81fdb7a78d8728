package io.firstbell.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.firstbell.config.FirstBellConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One injector's CPU request, sized from the plan's peak and the measured per-injector ceiling. */
class InjectorSizingTest {

  private static final Config CEILING = FirstBellConfig.withOverrides("firstbell.generator { logins-per-core = 150, max-cpu-share = 0.9 }");

  private static Map<String, String> options(String... pairs) {
    return ManifestsMain.parse(("--run-id r --profile p.conf --shards 4 " + String.join(" ", pairs)).trim().split(" "));
  }

  @Test
  void thePeakSharedByTheShardsSizesEachInjectorsCpuToATenthOfACore() {
    // 600 logins/s in 4 shards: 150 each, at 150 per core within 90 %: 1.11 cores, requested as 1200m
    assertEquals("1200m", ManifestsMain.cpu(options("--peak", "600"), CEILING));
    assertEquals("2", ManifestsMain.cpu(options("--peak", "1080"), CEILING), "270 each: exactly 2 cores");
    assertEquals("1", ManifestsMain.cpu(options("--peak", "40"), CEILING), "never less than one core");
    assertEquals("2", ManifestsMain.cpu(options(), CEILING), "without a peak, two cores");
    assertEquals("500m", ManifestsMain.cpu(options("--peak", "600", "--cpu", "500m"), CEILING), "an explicit --cpu is kept ...");
    assertTrue(ManifestsMain.sizing(options("--peak", "600", "--cpu", "500m"), CEILING).endsWith("TOO LITTLE for that share: raise --cpu, or add shards"),
        "... and said to be too little");
    assertEquals("each of 4 injectors offers 150.0 logins/s of the 600 peak: 1.11 cores at 150 full portal logins/s per core "
        + "(firstbell.generator.logins-per-core, measured) within 90% of them; requests and limits: cpu 1200m", ManifestsMain.sizing(options("--peak", "600"), CEILING));
  }

  @Test
  void aPeakThatIsNoRateIsRefused() {
    assertEquals("--peak 'lots' is not a rate: give the plan's peak in logins/s (e.g. --peak 600)",
        assertThrows(IllegalArgumentException.class, () -> ManifestsMain.cpu(options("--peak", "lots"), CEILING)).getMessage());
  }
}
