package schedcheck.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.reference.ReferenceModel;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioParser;
import schedcheck.properties.reference.ReferenceProperties;

/**
 * Properties are looked up by name in one registry ({@link PropertyRegistry}): every contract
 * name is registered, each name builds its own monitor at both levels, in the contract's order,
 * and the liveness-only {@code starvation} builds no monitor.
 */
class PropertyRegistryTest {

  private static Scenario scenario() throws Exception {
    return ScenarioParser.parse("""
        name: registry
        cpus: 1
        memory: {w: 0}
        tasks:
          t1:
            program: |
              store w 1
        """, "registry.yaml");
  }

  @Test
  void everyContractNameIsRegisteredInTheContractsOrder() {
    assertEquals(Scenario.PROPERTIES, PropertyRegistry.all().stream().map(PropertyRegistry.Entry::name).toList());
    assertTrue(PropertySet.NOT_SUPPORTED.isEmpty());
    assertNull(PropertyRegistry.of("no-such-property"));
    assertFalse(PropertyRegistry.of("starvation").safety());
    assertThrows(IllegalStateException.class,
        () -> PropertyRegistry.register(new PropertyRegistry.Entry("deadlock", Deadlock::new, null)));
  }

  @Test
  void eachNameBuildsItsOwnMonitor() throws Exception {
    KernelModel m = new KernelModel(scenario());
    PropertySet all = PropertySet.of(m, Scenario.PROPERTIES);
    assertEquals(List.of("lost-wakeup", "deadlock", "mutual-exclusion", "lock-order", "assertions", "invariants"),
        all.checked().stream().map(KernelProperty::name).toList());
    assertInstanceOf(LostWakeup.class, all.checked().get(0));
    assertInstanceOf(Deadlock.class, all.checked().get(1));
    assertInstanceOf(MutualExclusion.class, all.checked().get(2));
    assertInstanceOf(LockOrder.class, all.checked().get(3));
    assertInstanceOf(Assertions.class, all.checked().get(4));
    assertInstanceOf(Invariants.class, all.checked().get(5));
    assertTrue(all.unsupported().isEmpty());
    // the order is the contract's, not the order asked in
    assertEquals(List.of("deadlock", "invariants"), PropertySet.of(m, List.of("invariants", "starvation", "deadlock"))
        .checked().stream().map(KernelProperty::name).toList());
  }

  @Test
  void theReferenceLevelUsesTheSameRegistry() throws Exception {
    ReferenceModel r = new ReferenceModel(scenario());
    var set = ReferenceProperties.of(r, Scenario.PROPERTIES);
    assertEquals(List.of("lost-wakeup", "deadlock", "mutual-exclusion", "lock-order", "assertions", "invariants"),
        set.checked().stream().map(p -> p.name()).toList());
    assertTrue(set.unsupported().isEmpty());
  }
}
