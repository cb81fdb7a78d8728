package io.firstbell.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.firstbell.load.BackToSchoolMorning;
import io.firstbell.load.LoadPlan;
import io.firstbell.load.Surge;
import io.firstbell.load.WarmUp;
import io.firstbell.config.FirstBellConfig;
import io.firstbell.replay.Recording;
import io.firstbell.replay.ReplayPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A plan split among shards: the union of the shards' logins is exactly the plan's, login i on shard i mod N with its
 * scheduled start; each shard's own constant-rate segments inject its logins at those starts (to the millisecond).
 */
class ShardPlanTest {

  private static LoadPlan steady() {
    return LoadPlan.rampThenHold(12, Duration.ofSeconds(10), Duration.ofSeconds(50)).withWarmUp(new WarmUp(Duration.ofSeconds(15), 10), 6);
  }

  private static LoadPlan morning() {
    return BackToSchoolMorning.from(FirstBellConfig.withOverrides("firstbell.load.back-to-school.compression = 240")).plan();
  }

  private static LoadPlan surge() {
    return Surge.plan(5, 40, 0, Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(20));
  }

  private static LoadPlan replay() {
    double[] counts = new double[150];
    for (int s = 0; s < counts.length; s++) counts[s] = (s % 7 == 0 ? 9 : 0) + s / 30;
    return ReplayPlan.of(new Recording("r", "d", Instant.EPOCH, counts, Map.of(), new Recording.Stats(0, 0, 0, 0, 0, 0)), 1.2, 1.0, 7).load();
  }

  private static void assertUnionIsThePlan(String name, LoadPlan plan) {
    for (int count : new int[] {1, 2, 3, 5}) {
      List<Long> union = new ArrayList<>();
      long total = 0;
      for (int index = 0; index < count; index++) {
        ShardPlan shard = ShardPlan.of(plan, index, count);
        assertEquals(shard.logins(), shard.share().logins(), name + ": shard " + index + " of " + count + " injects its logins");
        for (long k = 0; k < shard.logins(); k++) {
          assertEquals(index, shard.planIndex(k) % count, "login i is on shard i mod N");
          assertTrue(shard.owns(shard.planIndex(k)), "the shard keeps its own arrivals of the whole plan");
          union.add(shard.scheduledOffsetMillis(k));
          long injected = shard.share().scheduledOffsetMillis(k);
          assertTrue(Math.abs(injected - shard.scheduledOffsetMillis(k)) <= 1,
              name + ", shard " + index + " of " + count + ", login " + k + ": injected at " + injected + " ms, scheduled " + shard.scheduledOffsetMillis(k));
        }
        total += shard.logins();
      }
      assertEquals(plan.logins(), total, name + " in " + count + " shards");
      List<Long> whole = new ArrayList<>();
      for (long i = 0; i < plan.logins(); i++) whole.add(plan.scheduledOffsetMillis(i));
      union.sort(null);
      assertEquals(whole, union, name + " in " + count + " shards: the union of the shards' scheduled starts is the plan's");
    }
  }

  @Test
  void aSteadyPlanWithItsRampAndWarmUpSplitsIntoShardsWhoseUnionIsThePlan() {
    assertUnionIsThePlan("steady", steady());
  }

  @Test
  void aMorningPeakSplitsIntoShardsWhoseUnionIsThePlan() {
    assertUnionIsThePlan("morning", morning());
  }

  @Test
  void anAutoscalingSurgeSplitsIntoShardsWhoseUnionIsThePlan() {
    assertUnionIsThePlan("surge", surge());
  }

  @Test
  void aReplaySplitsIntoShardsWhoseUnionIsThePlan() {
    assertUnionIsThePlan("replay", replay());
  }

  @Test
  void aShardOfSevenLoginsInThreeGetsEveryThirdWithTheirScheduledStarts() {
    LoadPlan plan = new LoadPlan(List.of(new LoadPlan.Segment(1, Duration.ofSeconds(4)), new LoadPlan.Segment(0, Duration.ofSeconds(2)),
        new LoadPlan.Segment(2, Duration.ofSeconds(1)), new LoadPlan.Segment(1, Duration.ofSeconds(1))));
    // logins 0..3 at 0, 1000, 2000, 3000 ms; none from 4 to 6 s; 4, 5 at 6000, 6500; 6 at 7000
    ShardPlan first = ShardPlan.of(plan, 0, 3);
    assertEquals(3, first.logins());
    assertEquals(List.of(0L, 3000L, 7000L), List.of(first.scheduledOffsetMillis(0), first.scheduledOffsetMillis(1), first.scheduledOffsetMillis(2)));
    assertEquals(List.of(0L, 3000L, 7000L), List.of(first.share().scheduledOffsetMillis(0), first.share().scheduledOffsetMillis(1),
        first.share().scheduledOffsetMillis(2)), "the shard's own segments inject them then");
    ShardPlan third = ShardPlan.of(plan, 2, 3);
    assertEquals(2, third.logins());
    assertEquals(List.of(2000L, 6500L), List.of(third.scheduledOffsetMillis(0), third.scheduledOffsetMillis(1)));
    assertEquals(List.of(2000L, 6500L), List.of(third.share().scheduledOffsetMillis(0), third.share().scheduledOffsetMillis(1)));
  }

  @Test
  void everyArrivalOfThePlanIsKeptByExactlyOneShard() {
    LoadPlan plan = steady();
    for (int count : new int[] {1, 2, 3, 7}) {
      for (long i = 0; i < plan.logins(); i++) {
        int owners = 0;
        for (int index = 0; index < count; index++) if (ShardPlan.of(plan, index, count).owns(i)) owners++;
        assertEquals(1, owners, "arrival " + i + " of " + count + " shards");
      }
    }
  }

  @Test
  void thePlansDigestChangesWithTheSimulationTheCountAndEverySegment() {
    String d = ShardPlan.digest("StudentLoginSimulation", steady(), 3);
    assertEquals(64, d.length());
    assertEquals(d, ShardPlan.digest("StudentLoginSimulation", steady(), 3), "the same plan, the same digest, in every shard");
    assertTrue(!d.equals(ShardPlan.digest("StudentLoginSimulation", steady(), 2)));
    assertTrue(!d.equals(ShardPlan.digest("TeacherLoginSimulation", steady(), 3)));
    assertTrue(!d.equals(ShardPlan.digest("StudentLoginSimulation", LoadPlan.rampThenHold(12, Duration.ofSeconds(10), Duration.ofSeconds(51))
        .withWarmUp(new WarmUp(Duration.ofSeconds(15), 10), 6), 3)));
  }
}
