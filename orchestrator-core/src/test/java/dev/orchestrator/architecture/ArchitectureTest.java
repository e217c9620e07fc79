package dev.orchestrator.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The core's architecture: packages without cycles, and nothing but the JDK (and JSpecify's annotations). */
class ArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.orchestrator");

    @Test
    void thePackagesOfTheCoreFormNoCycle() {
        slices().matching("dev.orchestrator.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void theCoreImportsNoSpring() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..")
                .check(CORE);
    }

    @Test
    void theCoreDependsOnTheJdkAndJSpecifyOnly() {
        classes()
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.orchestrator..", "java..", "javax.annotation.processing..", "org.jspecify..")
                .check(CORE);
    }

    @Test
    void theImportCoversTheWholeCore() {
        org.assertj.core.api.Assertions.assertThat(CORE.containPackage("dev.orchestrator.orchestration"))
                .isTrue();
        org.assertj.core.api.Assertions.assertThat(CORE.size()).isGreaterThan(40);
    }
}
