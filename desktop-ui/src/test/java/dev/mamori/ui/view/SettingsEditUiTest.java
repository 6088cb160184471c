package dev.mamori.ui.view;

import dev.mamori.ui.EmbeddedFixture;
import dev.mamori.ui.viewmodel.MainViewModel;
import dev.mamori.ui.viewmodel.UiContext;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings edit mode against a real embedded server and its configuration file: an invalid value is refused with
 * its field path and the file stays; a valid one is written (previous file kept as .bak), reported as needing a
 * restart and audited. Writes {@code settings-edit.png} and {@code settings-applied.png}.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(180)
class SettingsEditUiTest {
    @TempDir
    static Path dir;
    private static EmbeddedFixture server;
    private MainViewModel vm;
    private Stage stage;

    @BeforeAll
    static void startServer() throws Exception {
        Display.require();
        server = new EmbeddedFixture(dir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Start
    void open(Stage stage) {
        this.stage = stage;
        vm = new MainViewModel(server.backend, UiContext.of(Platform::runLater, "dashboard:ui-test"));
        new DashboardWindow(stage, vm, new I18n(java.util.Locale.ENGLISH, java.time.ZoneId.systemDefault()));
        stage.setWidth(1360);
        stage.setHeight(860);
        stage.show();
        vm.start();
    }

    @AfterEach
    void close() throws Exception {
        vm.close();
        FxToolkit.cleanupStages();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }

    private static void await(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(condition));
    }

    private static Button dialogButton(FxRobot robot, String text) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !robot.lookup("#confirm-dialog .button").queryAll().isEmpty());
        return robot.lookup("#confirm-dialog .button").queryAllAs(Button.class).stream()
                .filter(b -> b.getText().equals(text)).findFirst().orElseThrow();
    }

    @Test
    void anInvalidValueIsRefusedWithItsPathThenAValidOneIsWrittenAndApplied(FxRobot robot) throws Exception {
        String original = Files.readString(server.configFile);
        Path backup = server.configFile.resolveSibling("mamori.yaml.bak");
        robot.clickOn("#nav-settings");
        TextArea raw = robot.lookup("#settings-raw").queryAs(TextArea.class);
        await(() -> raw.getText().contains("name: dashboard-test"));
        await(() -> robot.lookup("#settings-edit").queryAs(Node.class).isVisible());
        assertThat(fx(raw::isEditable)).isFalse();

        robot.clickOn("#settings-edit");
        assertThat(fx(raw::isEditable)).isTrue();
        fx(() -> {
            raw.positionCaret(raw.getLength());
            raw.appendText("scan:\n  quarantineRetention: forever\n");
            return null;
        });

        // Cancel in the confirmation sends nothing
        robot.clickOn("#settings-apply");
        robot.clickOn(dialogButton(robot, "Cancel"));
        assertThat(fx(() -> robot.lookup("#settings-problems").queryAs(Node.class).isVisible())).isFalse();

        robot.clickOn("#settings-apply");
        robot.clickOn(dialogButton(robot, "Validate & apply"));
        await(() -> robot.lookup("#settings-problems").queryAs(Node.class).isVisible());
        String problems = fx(() -> ((VBox) robot.lookup("#settings-problems").queryAs(Node.class)).getChildren()
                .stream().map(n -> ((Label) n).getText()).reduce("", (a, b) -> a + "\n" + b));
        assertThat(problems).contains("scan.quarantineRetention:").contains("forever");
        assertThat(Files.readString(server.configFile)).isEqualTo(original);
        assertThat(backup).doesNotExist();
        assertThat(fx(raw::isEditable)).isTrue();
        Screenshots.write(stage.getScene().getRoot(), "settings-edit");

        fx(() -> {
            raw.setText(raw.getText().replace("quarantineRetention: forever", "quarantineRetention: 7d"));
            return null;
        });
        robot.clickOn("#settings-apply");
        robot.clickOn(dialogButton(robot, "Validate & apply"));
        await(() -> robot.lookup("#settings-outcome").queryAs(Label.class).getText()
                .contains("Needs a restart to take effect: scan.quarantineRetention"));
        assertThat(fx(raw::isEditable)).isFalse();
        assertThat(fx(() -> robot.lookup("#settings-problems").queryAs(Node.class).isVisible())).isFalse();
        assertThat(Files.readString(server.configFile)).isEqualTo(original + "scan:\n  quarantineRetention: 7d\n");
        assertThat(Files.readString(backup)).isEqualTo(original);
        await(() -> raw.getText().contains("quarantineRetention: 7d"));
        Screenshots.write(stage.getScene().getRoot(), "settings-applied");

        server.server.runtime().store().flush();
        assertThat(server.server.runtime().store().queries().auditLog(null, null, "dashboard:ui-test", 10))
                .extracting(a -> a.action() + " " + a.result())
                .containsExactly("config.update ok", "config.update failed");
    }
}
