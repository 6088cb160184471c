package dev.mamori.ui;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The data plane never depends on JavaFX; the dashboard's backend layer neither (the remote adapter has no toolkit). */
class ArchitectureTest {
    private static final JavaClasses PROXY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.mamori.core", "dev.mamori.pop3", "dev.mamori.smtp");
    private static final JavaClasses UI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.mamori.ui");

    @Test
    void proxyModulesDoNotDependOnJavaFx() {
        // the rule must see every module, or it passes by looking at nothing
        assertThat(PROXY.stream().map(c -> c.getPackageName().split("\\.")[2]).distinct())
                .contains("core", "pop3", "smtp");
        noClasses().should().dependOnClassesThat().resideInAPackage("javafx..")
                .because("the proxy must run headless; only desktop-ui may use JavaFX").check(PROXY);
    }

    @Test
    void theBackendLayerHasNoJavaFxAndViewModelsNeverTouchTheToolkitOrViews() {
        noClasses().that().resideInAPackage("dev.mamori.ui.backend..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "dev.mamori.ui.viewmodel..", "dev.mamori.ui.view..")
                .check(UI);
        noClasses().that().resideInAPackage("dev.mamori.ui.viewmodel..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.application..", "javafx.scene..",
                        "javafx.stage..", "dev.mamori.ui.view..", "dev.mamori.ui.backend.EmbeddedBackend")
                .check(UI);
    }
}
