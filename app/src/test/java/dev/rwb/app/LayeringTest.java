package dev.rwb.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The app talks to engine services only; DJL (native tensors, GPU memory) stays in the trainer. */
class LayeringTest {
    @Test
    void appNeverImportsDjl() {
        JavaClasses app = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.rwb.app");
        noClasses().should().dependOnClassesThat().resideInAnyPackage("ai.djl..")
                .because("training runs in a child JVM; the GUI must never load DJL (DESIGN §3)").check(app);
    }

    @Test
    void appPackagesAreFreeOfCycles() {
        JavaClasses app = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.rwb.app");
        slices().matching("dev.rwb.app.(**)").should().beFreeOfCycles()
                .because("shared UI plumbing (tasks, batching) lives below the screens that use it").check(app);
    }
}
