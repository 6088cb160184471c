package dev.mamori.ui.view;

import dev.mamori.ui.EmbeddedFixture;
import dev.mamori.ui.viewmodel.MainViewModel;
import dev.mamori.ui.viewmodel.UiContext;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.TableView;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
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
import java.util.concurrent.TimeUnit;

import static dev.mamori.ui.view.FxTests.fx;
import static dev.mamori.ui.view.FxTests.await;
import static dev.mamori.ui.view.FxTests.scrollTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The update-source and dedicated-port editors against a real embedded server: an invalid update source is refused
 * with the server's reason under the editor and nothing is written; a dedicated port added through its dialog is
 * written into {@code pop3.listeners} beside the generic listener. Writes {@code settings-dedicated.png}.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(180)
class SettingsEditorsUiTest {
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

    @Test
    void aDedicatedPortIsAddedAmongTheListenersAndAnInvalidUpdateSourceIsRefused(FxRobot robot) throws Exception {
        String original = Files.readString(server.configFile);
        robot.clickOn("#nav-settings");
        TextArea raw = robot.lookup("#settings-raw").queryAs(TextArea.class);
        await(() -> raw.getText().contains("name: dashboard-test"));
        await(() -> !robot.lookup("#updates-apply").queryAs(Button.class).isDisabled());

        // the update source: an ftp URL is refused by the server, shown under the editor, nothing written
        scrollTo(robot, "#settings-updates");
        robot.clickOn("#updates-source").write("ftp://updates.example.net/");
        robot.clickOn("#updates-keys").write("MCowBQYDK2VwAyEAnotreallyakey");
        robot.clickOn("#updates-apply");
        Label updatesError = robot.lookup("#updates-error").queryAs(Label.class);
        await(() -> !updatesError.getText().isEmpty());
        assertThat(fx(updatesError::getText)).startsWith("The server refused the change; nothing was written:")
                .contains("updates.source");
        assertThat(Files.readString(server.configFile)).isEqualTo(original);
        robot.clickOn("#updates-revert");
        assertThat(fx(() -> robot.lookup("#updates-source").queryAs(javafx.scene.control.TextField.class).getText())).isEmpty();

        // a dedicated port through its dialog: written into pop3.listeners with the generic listener kept
        scrollTo(robot, "#settings-listeners");
        robot.clickOn("#dedicated-add");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#port-name").tryQuery().isPresent());
        int port = server.upstream.getPop3().getPort();
        robot.clickOn("#port-name").write("provider");
        robot.clickOn("#port-bind").write("127.0.0.1:0");
        robot.clickOn("#port-host").write("127.0.0.1");
        robot.clickOn("#port-upstream-port").write(Integer.toString(port));
        fx(() -> {
            robot.lookup("#port-upstream-tls").queryAs(ChoiceBox.class).setValue("none");
            return null;
        });
        robot.clickOn("#port-dialog-save");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#port-dialog").tryQuery().isEmpty());
        TableView<?> ports = robot.lookup("#dedicated-table").queryAs(TableView.class);
        await(() -> ports.getItems().size() == 1);
        String text = Files.readString(server.configFile);
        assertThat(text).startsWith(original.substring(0, original.indexOf("  listeners:\n")))
                .contains("""
                        - name: provider
                          mode: dedicated
                          bind: 127.0.0.1:0
                          upstream:
                            host: 127.0.0.1
                            port: %d
                            tls: none
                    """.formatted(port));
        assertThat(dev.mamori.core.config.ConfigLoader.parse(text, "t").pop3().listeners())
                .extracting(dev.mamori.core.config.Pop3Listener::name).containsExactly("generic", "provider");
        Screenshots.write(robot.lookup("#settings-listeners").queryAs(Node.class), "settings-dedicated");
    }
}
