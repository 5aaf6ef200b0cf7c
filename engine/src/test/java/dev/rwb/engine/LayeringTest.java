package dev.rwb.engine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The engine is a plain library: it never touches JavaFX (DESIGN §3). */
class LayeringTest {
    @Test
    void engineNeverImportsJavaFx() {
        JavaClasses engine = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.rwb.engine");
        noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .because("the engine must run headless on a GPU server").check(engine);
    }

    @Test
    void enginePackagesAreFreeOfCycles() {
        JavaClasses engine = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.rwb.engine");
        slices().matching("dev.rwb.engine.(**)").should().beFreeOfCycles()
                .because("registries (catalogs) live above the interfaces they list, never beside them").check(engine);
    }
}
