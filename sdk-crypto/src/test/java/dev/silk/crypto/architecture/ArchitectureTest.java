package dev.silk.crypto.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/** DESIGN.md's architecture, checked on this module's classes ({@link ArchitectureRules}). */
class ArchitectureTest {
  @Test
  void followsTheArchitecture() {
    JavaClasses classes = ArchitectureRules.productionClasses("dev.silk.crypto");
    ArchitectureRules.forModule("dev.silk.crypto").check(classes);
  }
}
