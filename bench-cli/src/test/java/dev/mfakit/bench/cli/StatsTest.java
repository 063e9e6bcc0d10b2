package dev.mfakit.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void medianOfAnOddCountIsTheMiddleValue() {
    Stats s = Stats.of(List.of(5L, 1L, 3L));
    assertEquals(3.0, s.median());
    assertEquals(5.0, s.p90());
    assertEquals(3, s.count());
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
    assertEquals(2.5, Stats.of(List.of(4L, 1L, 2L, 3L)).median());
  }

  @Test
  void p90IsTheNearestRank() {
    List<Long> tenToHundred = List.of(100L, 90L, 80L, 70L, 60L, 50L, 40L, 30L, 20L, 10L);
    assertEquals(90.0, Stats.of(tenToHundred).p90());
    List<Long> eleven = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
    assertEquals(10.0, Stats.of(eleven).p90()); // ceil(0.9 * 11) = 10th smallest
  }

  @Test
  void refusesNoSamples() {
    assertThrows(IllegalArgumentException.class, () -> Stats.of(List.of()));
  }
}
