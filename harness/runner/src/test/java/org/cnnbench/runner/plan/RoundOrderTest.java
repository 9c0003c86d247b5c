package org.cnnbench.runner.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The frameworks' order rotates between rounds as a balanced Latin square. */
class RoundOrderTest {

  private static final List<String> SIX =
      List.of("mxnet", "pytorch", "dl4j", "dl4j-samediff", "tensorflow", "python-pytorch");

  @Test
  void firstRoundKeepsTheOrderGiven() {
    assertEquals(SIX, TrialPlan.roundOrder(SIX, 1));
    assertEquals(List.of("a"), TrialPlan.roundOrder(List.of("a"), 5));
    assertEquals(List.of(), TrialPlan.roundOrder(List.of(), 2));
  }

  @Test
  void everyRoundIsAPermutationAndEveryFrameworkRunsFirstOnce() {
    Set<String> firsts = new HashSet<>();
    for (int round = 1; round <= SIX.size(); round++) {
      List<String> order = TrialPlan.roundOrder(SIX, round);
      assertEquals(Set.copyOf(SIX), Set.copyOf(order), "round " + round);
      assertEquals(SIX.size(), order.size());
      firsts.add(order.get(0));
    }
    assertEquals(Set.copyOf(SIX), firsts, "each framework opens one of the first six rounds");
  }

  @Test
  void withAnEvenCountEveryFrameworkFollowsEveryOtherOnce() {
    Map<String, Integer> pairs = new HashMap<>();
    for (int round = 1; round <= SIX.size(); round++) {
      List<String> order = TrialPlan.roundOrder(SIX, round);
      for (int i = 1; i < order.size(); i++) {
        pairs.merge(order.get(i - 1) + ">" + order.get(i), 1, Integer::sum);
      }
    }
    assertEquals(SIX.size() * (SIX.size() - 1), pairs.size(), "every ordered pair occurs");
    assertTrue(pairs.values().stream().allMatch(c -> c == 1), pairs.toString());
  }

  @Test
  void withAnOddCountNoFrameworkAlwaysFollowsTheSameOne() {
    List<String> five = SIX.subList(0, 5);
    Map<String, Set<String>> predecessors = new HashMap<>();
    List<String> firsts = new ArrayList<>();
    for (int round = 1; round <= 3; round++) {
      List<String> order = TrialPlan.roundOrder(five, round);
      firsts.add(order.get(0));
      for (int i = 1; i < order.size(); i++) {
        predecessors.computeIfAbsent(order.get(i), k -> new HashSet<>()).add(order.get(i - 1));
      }
    }
    assertEquals(3, Set.copyOf(firsts).size(), "three rounds, three different first frameworks");
    for (String fw : five) {
      assertTrue(
          predecessors.getOrDefault(fw, Set.of()).size() >= 2 || !predecessors.containsKey(fw),
          fw + " always follows the same framework: " + predecessors.get(fw));
    }
  }
}
