package dev.silk.spring.boot;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.silk.crypto.architecture.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** DESIGN.md's architecture, checked on this module's classes ({@link ArchitectureRules}). */
class ArchitectureTest {
  @Test
  void followsTheArchitecture() {
    JavaClasses classes = ArchitectureRules.productionClasses("dev.silk.spring.boot");
    ArchitectureRules.forModule("dev.silk.spring.boot").check(classes);
  }
}
