package io.firstbell.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The shard contract: which shard an injector is (its setting, or a Kubernetes Indexed Job's index), and its disjoint credentials. */
class ShardSettingsTest {

  private static final String AT = "start-at = \"2026-09-08T11:00:00Z\"";

  @Test
  void shardsWithoutACommonStartAreRefused() {
    assertEquals("firstbell.shard.count is 2 but firstbell.shard.start-at is empty: the shards of a run must start their plan at one instant; set it "
        + "to the same instant in every shard, e.g. -Dfirstbell.shard.start-at=2026-09-08T11:00:00Z (simulations/local-shards.sh and the Kubernetes "
        + "manifests set it for you)", failure("count = 2", Map.of()));
  }

  private static ShardSettings shard(String overrides, Map<String, String> env) {
    return ShardSettings.from(FirstBellConfig.withOverrides("firstbell.shard { " + overrides + " }"), env);
  }

  private static String failure(String overrides, Map<String, String> env) {
    return assertThrows(SettingsException.class, () -> shard(overrides, env)).getMessage();
  }

  @Test
  void byDefaultARunIsOneInjector() {
    ShardSettings s = shard("", Map.of());
    assertEquals(ShardSettings.SINGLE, s);
    assertFalse(s.sharded());
    assertEquals("one injector", s.describe());
  }

  @Test
  void theIndexDefaultsToTheJobCompletionIndexOfAnIndexedJob() {
    ShardSettings s = shard("count = 3, start-at = \"2026-09-08T11:00:00Z\"", Map.of("JOB_COMPLETION_INDEX", "2"));
    assertEquals(2, s.index());
    assertEquals(Instant.parse("2026-09-08T11:00:00Z"), s.startAt());
    assertEquals("shard 2 of 3, starting at 2026-09-08T11:00:00Z", s.describe());
    assertEquals(1, shard("count = 3, index = 1, " + AT, Map.of("JOB_COMPLETION_INDEX", "2")).index(), "a setting wins over the environment");
    assertTrue(shard("count = 3, " + AT, Map.of()).pollsTelemetry(), "shard 0 polls by default");
  }

  @Test
  void anIndexOutsideTheCountIsRefused() {
    assertEquals("This injector is shard 3 (firstbell.shard.index or JOB_COMPLETION_INDEX) but firstbell.shard.count is 3: the index must be "
        + "from 0 to 2", failure("count = 3, " + AT, Map.of("JOB_COMPLETION_INDEX", "3")));
    assertEquals("The environment variable JOB_COMPLETION_INDEX is 'x', which is not a shard index; set firstbell.shard.index instead",
        failure("count = 3, " + AT, Map.of("JOB_COMPLETION_INDEX", "x")));
    assertEquals("firstbell.shard.start-at is 'soon' but must be an instant such as 2026-09-08T11:00:00Z, or empty", failure("start-at = soon", Map.of()));
    assertEquals("firstbell.shard.telemetry is 2 but there are 2 shards (0 to 1); name the one that polls the target's telemetry",
        failure("count = 2, telemetry = 2, " + AT, Map.of()));
  }

  @Test
  void theShardsSlicesOfTheCredentialsAreDisjointAndCoverThemAll() {
    List<Integer> users = IntStream.range(0, 10).boxed().toList();
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      List<Integer> slice = shard("count = 3, " + AT + ", index = " + i, Map.of()).slice(users);
      for (Integer u : slice) assertTrue(seen.add(u), "user " + u + " is on one shard only");
    }
    assertEquals(Set.copyOf(users), seen);
    assertEquals(List.of(1, 4, 7), shard("count = 3, index = 1, " + AT, Map.of()).slice(users));
  }

  @Test
  void theRunIdIsTheSettingElseStartAtElseThePlansDigest() {
    assertEquals("bts-1", shard("count = 2, run-id = bts-1, start-at = \"2026-09-08T11:00:00Z\"", Map.of()).runId("abc"));
    assertEquals("start-2026-09-08T11:00:00Z", shard("count = 2, start-at = \"2026-09-08T11:00:00Z\"", Map.of()).runId("abc"));
    assertEquals("plan-0123456789ab", shard("", Map.of()).runId("0123456789abcdef"), "one injector without start-at");
    assertEquals("firstbell.shard.run-id is 'a b' but must be letters, digits, '-', '_', '.' and ':' (at most 100), e.g. bts-morning-1; "
        + "the same for every shard of one run", failure("run-id = \"a b\"", Map.of()));
  }
}
