package dev.silk.crypto.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The architecture of DESIGN.md as rules each module checks on its own classes (its
 * {@code ArchitectureTest}): the module arrows point one way, no module reaches into another's
 * {@code internal} packages, and no Moshi, Retrofit, Tink or ton4j type appears in a public
 * signature (an injected {@code OkHttpClient} is the allowed exception, so OkHttp is not listed).
 */
public final class ArchitectureRules {
  /** The modules' root packages in the order of DESIGN.md: each may use only those before it. */
  public static final List<String> LAYERS = List.of("dev.silk.crypto", "dev.silk.core", "dev.silk.ton", "dev.silk.node");

  /** Libraries that are implementation details: their types never appear in Silk's public API. */
  static final String[] HIDDEN_LIBRARIES = {
      "com.squareup.moshi..", "retrofit2..", "com.google.crypto.tink..", "org.ton..", "com.iwebpp.."};

  private ArchitectureRules() {}

  /** The production classes of {@code rootPackage} (tests excluded). */
  public static JavaClasses productionClasses(String rootPackage) {
    return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages(rootPackage);
  }

  /** Every rule for the module whose classes live under {@code rootPackage}, reported together. */
  public static ArchRule forModule(String rootPackage) {
    List<ArchRule> rules = new ArrayList<>();
    int layer = LAYERS.indexOf(rootPackage);
    if (layer >= 0 && layer < LAYERS.size() - 1) {
      String[] above = LAYERS.subList(layer + 1, LAYERS.size()).stream().map(p -> p + "..").toArray(String[]::new);
      rules.add(noClasses().that().resideInAPackage(rootPackage + "..")
          .should().dependOnClassesThat().resideInAnyPackage(above)
          .because("DESIGN.md's module arrows point one way (" + String.join(" <- ", LAYERS) + ")"));
    }
    rules.add(noClasses().that().resideInAPackage(rootPackage + "..")
        .should().dependOnClassesThat(internalOfAnotherModule(rootPackage))
        .because("a module's internal packages are its own; what modules share is public and documented"));
    rules.add(codeUnits().that().arePublic().and().areDeclaredInClassesThat(publicApiOf(rootPackage))
        .should(notMention(HIDDEN_LIBRARIES))
        .because("Moshi, Retrofit, Tink and ton4j are implementation details (DESIGN.md)"));
    rules.add(noFields().that().arePublic().and().areDeclaredInClassesThat(publicApiOf(rootPackage))
        .should().haveRawType(inHiddenLibrary())
        .because("Moshi, Retrofit, Tink and ton4j are implementation details (DESIGN.md)")
        .allowEmptyShould(true)); // a module may have no public field at all
    rules.add(noClasses().that(publicApiOf(rootPackage)).should().beAssignableTo(inHiddenLibrary())
        .because("Moshi, Retrofit, Tink and ton4j are implementation details (DESIGN.md)"));
    return CompositeArchRule.of(rules);
  }

  private static DescribedPredicate<JavaClass> inHiddenLibrary() {
    return DescribedPredicate.describe("a type of " + String.join(", ", HIDDEN_LIBRARIES),
        c -> inAny(c.getPackageName(), HIDDEN_LIBRARIES));
  }

  private static DescribedPredicate<JavaClass> internalOfAnotherModule(String rootPackage) {
    return DescribedPredicate.describe("are in another module's internal package",
        c -> c.getPackageName().startsWith("dev.silk.") && c.getPackageName().contains(".internal")
            && !c.getPackageName().startsWith(rootPackage + "."));
  }

  private static DescribedPredicate<JavaClass> publicApiOf(String rootPackage) {
    return DescribedPredicate.describe("are public API of " + rootPackage,
        c -> c.getModifiers().contains(JavaModifier.PUBLIC) && c.getPackageName().startsWith(rootPackage)
            && !c.getPackageName().contains(".internal") && isReachable(c));
  }

  /** A nested class is API only if every class around it is public too. */
  private static boolean isReachable(JavaClass c) {
    return c.getEnclosingClass().map(e -> e.getModifiers().contains(JavaModifier.PUBLIC) && isReachable(e)).orElse(true);
  }

  private static ArchCondition<JavaCodeUnit> notMention(String[] packages) {
    return new ArchCondition<>("not mention types of " + String.join(", ", packages) + " in their signature") {
      @Override
      public void check(JavaCodeUnit unit, ConditionEvents events) {
        Set<JavaClass> mentioned = new LinkedHashSet<>(unit.getRawParameterTypes());
        mentioned.add(unit.getRawReturnType());
        mentioned.addAll(unit.getReturnType().getAllInvolvedRawTypes());
        unit.getParameterTypes().forEach(t -> mentioned.addAll(t.getAllInvolvedRawTypes()));
        unit.getThrowsClause().getTypes().forEach(mentioned::add);
        for (JavaClass type : mentioned) {
          if (inAny(type.getPackageName(), packages)) {
            events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " mentions " + type.getName()));
          }
        }
      }
    };
  }

  private static boolean inAny(String packageName, String[] packages) {
    for (String p : packages) {
      String root = p.substring(0, p.length() - 2);
      if (packageName.equals(root) || packageName.startsWith(root + ".")) {
        return true;
      }
    }
    return false;
  }
}
