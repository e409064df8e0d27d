package dev.silk.core;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.silk.crypto.architecture.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** DESIGN.md's architecture, checked on this module's classes ({@link ArchitectureRules}). */
class ArchitectureTest {
  private static final JavaClasses CLASSES = ArchitectureRules.productionClasses("dev.silk.core");

  @Test
  void followsTheArchitecture() {
    ArchitectureRules.forModule("dev.silk.core").check(CLASSES);
  }

  /** The client's insides are layered: node ← discovery ← sealed, node ← the core ← sealed and cocoon. */
  @Test
  void internalPackagesDependInOneDirection() {
    slices().assignedFrom(INTERNAL_PACKAGES).should().beFreeOfCycles().check(CLASSES);
  }

  /** Each package under {@code dev.silk.core.internal} (itself included) is a slice; the public API is not. */
  private static final SliceAssignment INTERNAL_PACKAGES = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      String name = javaClass.getPackageName();
      return name.equals("dev.silk.core.internal") || name.startsWith("dev.silk.core.internal.")
          ? SliceIdentifier.of(name) : SliceIdentifier.ignore();
    }

    @Override
    public String getDescription() {
      return "the packages of dev.silk.core.internal";
    }
  };
}
