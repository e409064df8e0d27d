package dev.silk.langchain4j;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.silk.crypto.architecture.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** DESIGN.md's architecture, checked on this module's classes ({@link ArchitectureRules}). */
class ArchitectureTest {
  @Test
  void followsTheArchitecture() {
    JavaClasses classes = ArchitectureRules.productionClasses("dev.silk.langchain4j");
    ArchitectureRules.forModule("dev.silk.langchain4j").check(classes);
  }
}
