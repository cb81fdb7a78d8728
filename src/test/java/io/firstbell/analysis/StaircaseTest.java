package io.firstbell.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StaircaseTest {

  private static final List<Double> RATES = List.of(30.0, 32.0, 34.0, 36.0, 38.0, 40.0, 42.0, 44.0);

  @Test
  void aFailureConfirmedByTheStepAboveGivesTheStepBelowAsTheBreakingPoint() {
    Staircase.Answer a = Staircase.answer(RATES, List.of(true, true, true, true, true, true, false, false), 8);
    assertTrue(a.found());
    assertEquals(40.0, a.sustainablePerSec());
    assertEquals(42.0, a.firstFailingPerSec());
  }

  @Test
  void aFailureTheStepAboveDoesNotConfirmIsNoiseAndTheStaircaseGoesOn() {
    Staircase.Answer a = Staircase.answer(RATES, List.of(true, false, true, true, true, false, false), 8);
    assertTrue(a.found());
    assertEquals(38.0, a.sustainablePerSec(), "the lone failure at 32 does not count");
    assertEquals(40.0, a.firstFailingPerSec());
  }

  @Test
  void theFirstStepFailingTwiceGivesNoAnswerAndSaysToLowerTheStart() {
    Staircase.Answer a = Staircase.answer(RATES, List.of(false, false, false), 8);
    assertFalse(a.found());
    assertTrue(a.outcome().contains("lower firstbell.breaking-point.start"), a.outcome());
    assertEquals(30.0, a.firstFailingPerSec());
  }

  @Test
  void aStaircaseEndingOnAnUnconfirmedFailureGivesNoAnswer() {
    Staircase.Answer a = Staircase.answer(RATES, List.of(true, true, true, true, true, true, true, false), 8);
    assertFalse(a.found());
    assertTrue(a.outcome().contains("before a step above confirmed its failure"), a.outcome());
    assertEquals(44.0, a.firstFailingPerSec());
  }

  @Test
  void everyStepMeetingTheSloIsAnAnswerWithoutAFailingRate() {
    List<Boolean> all = RATES.stream().map(r -> true).toList();
    Staircase.Answer a = Staircase.answer(RATES, all, 8);
    assertTrue(a.found());
    assertEquals(44.0, a.sustainablePerSec());
    assertTrue(Double.isNaN(a.firstFailingPerSec()));
  }

  @Test
  void aRunCutShortBeforeAnyFailureGivesNoAnswer() {
    Staircase.Answer a = Staircase.answer(RATES.subList(0, 3), List.of(true, true, true), 8);
    assertFalse(a.found());
    assertTrue(a.outcome().contains("ran 3 of its 8 steps"), a.outcome());
    Staircase.Answer cut = Staircase.answer(RATES.subList(0, 4), List.of(true, true, true, false), 8);
    assertFalse(cut.found());
    assertTrue(cut.outcome().contains("it ran 4 of its 8 steps (a shard stopped, or the run was cut short), so run it again"), cut.outcome());
  }

  @Test
  void thePlannedStepsFollowFromTheFirstRateTheStepAndTheTop() {
    assertEquals(8, Staircase.planned(RATES.subList(0, 3), 44));
    assertEquals(1, Staircase.planned(List.of(44.0), 44));
  }

  @Test
  void noStepGivesNoAnswer() {
    assertFalse(Staircase.answer(List.of(), List.of(), 8).found());
  }
}
