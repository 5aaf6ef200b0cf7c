package dev.rwb.app;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import javafx.scene.Node;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The app's house rules: it talks to engine services only, DJL (native tensors, GPU memory) stays
 * in the trainer, its packages form no cycles, and views (JavaFX nodes) are thin.
 */
class LayeringTest {
    private static final JavaClasses APP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.rwb.app");

    /** A JavaFX node, or a class nested in one (its anonymous cell factories, converters, inner helpers). */
    static final DescribedPredicate<JavaClass> VIEWS = new DescribedPredicate<>("are views (JavaFX nodes and their nested classes)") {
        @Override
        public boolean test(JavaClass c) {
            for (Optional<JavaClass> k = Optional.of(c); k.isPresent(); k = k.get().getEnclosingClass()) {
                if (k.get().isAssignableTo(Node.class)) {
                    return true;
                }
            }
            return false;
        }
    };

    /**
     * What opens, queries or writes the DB: the store's classes other than its value types
     * (records such as {@code RunSummary} and their builders, enums, exceptions), which view
     * models hand to views.
     */
    static final DescribedPredicate<JavaClass> STORE_ACCESS = new DescribedPredicate<>(
            "access the store (dev.rwb.engine.store classes other than records, their builders, enums and exceptions)") {
        @Override
        public boolean test(JavaClass c) {
            boolean value = c.isRecord() || c.isEnum() || c.isAssignableTo(Throwable.class)
                    || c.getEnclosingClass().map(JavaClass::isRecord).orElse(false);
            return c.getPackageName().startsWith("dev.rwb.engine.store") && !value;
        }
    };

    @Test
    void appNeverImportsDjl() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("ai.djl..")
                .because("training runs in a child JVM; the GUI must never load DJL (DESIGN §3)").check(APP);
    }

    @Test
    void appPackagesAreFreeOfCycles() {
        slices().matching("dev.rwb.app.(**)").should().beFreeOfCycles()
                .because("shared UI plumbing (tasks, batching) lives below the screens that use it").check(APP);
    }

    @Test
    void viewsReachTheStoreOnlyThroughViewModelsOrServices() {
        noClasses().that(VIEWS).should().dependOnClassesThat(STORE_ACCESS)
                .because("views are thin: their view model or a service owns the queries (DESIGN §9, JabRef)")
                .check(APP);
    }
}
