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
 * The structured settings editors against a real embedded server and its configuration file, as an administrator uses
 * them: an allow-list rule with an invalid port is refused with the server's problem in the dialog, which stays open,
 * and nothing is written; corrected, it is written (previous file kept as .bak) with only the allow-list block changed
 * and every comment elsewhere kept; a scan policy action changed writes only that category's line. The raw YAML stays
 * read-only throughout. Writes {@code settings-edit.png}, {@code settings-policy.png} and {@code settings-applied.png}.
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

    @Test
    void anInvalidRuleIsRefusedInItsDialogThenAValidRuleAndAPolicyActionAreWrittenInTheirBlocksOnly(FxRobot robot)
            throws Exception {
        String original = Files.readString(server.configFile);
        Path backup = server.configFile.resolveSibling("mamori.yaml.bak");
        robot.clickOn("#nav-settings");
        TextArea raw = robot.lookup("#settings-raw").queryAs(TextArea.class);
        await(() -> raw.getText().contains("name: dashboard-test"));
        assertThat(fx(raw::isEditable)).isFalse();
        assertThat(robot.lookup("#settings-edit").tryQuery()).isEmpty();
        assertThat(robot.lookup("#settings-apply").tryQuery()).isEmpty();
        TableView<?> rules = robot.lookup("#upstreams-table").queryAs(TableView.class);
        await(() -> rules.getItems().size() == 1);
        await(() -> !robot.lookup("#upstreams-add").queryAs(Button.class).isDisabled());

        // an invalid port: the server refuses, the dialog stays open with its reason, nothing is written
        robot.clickOn("#upstreams-add");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#rule-hosts").tryQuery().isPresent());
        robot.clickOn("#rule-hosts").write("pop.example.net");
        robot.clickOn("#rule-ports").write("99999");
        robot.clickOn("#rule-dialog-save");
        Label dialogError = robot.lookup("#rule-dialog-error").queryAs(Label.class);
        await(() -> !dialogError.getText().isEmpty());
        assertThat(fx(dialogError::getText)).startsWith("The server refused the change; nothing was written:")
                .contains("upstreams.allow").contains("99999");
        assertThat(Files.readString(server.configFile)).isEqualTo(original);
        assertThat(backup).doesNotExist();
        assertThat(fx(raw::isEditable)).isFalse();
        // the page lists the same problems under its banner
        assertThat(fx(() -> robot.lookup("#settings-problems").queryAs(Node.class).isVisible())).isTrue();
        assertThat(fx(() -> ((javafx.scene.layout.VBox) robot.lookup("#settings-problems").queryAs(Node.class))
                .getChildren().stream().map(n -> ((Label) n).getText()).toList()))
                .anySatisfy(l -> assertThat(l).startsWith("upstreams.allow[1].ports[0]:").contains("99999"));
        Screenshots.write(robot.lookup("#rule-dialog").queryAs(Node.class), "settings-edit");

        // corrected in the same dialog: accepted, the dialog closes, only the allow-list block changed
        fx(() -> {
            robot.lookup("#rule-ports").queryAs(javafx.scene.control.TextField.class).setText("995, 110");
            return null;
        });
        robot.clickOn("#rule-dialog-save");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#rule-dialog").tryQuery().isEmpty());
        await(() -> rules.getItems().size() == 2);
        assertThat(fx(() -> robot.lookup("#settings-problems").queryAs(Node.class).isVisible())).isFalse();
        String oldAllow = original.substring(original.indexOf("  allow:\n"), original.indexOf("  # after the allow-list"));
        int port = server.upstream.getPop3().getPort();
        String newAllow = """
                  allow:
                    - hosts:
                        - 127.0.0.1
                      ports:
                        - %d
                      permitAddresses:
                        - 127.0.0.1/32
                      tls: none
                    - hosts:
                        - pop.example.net
                      ports:
                        - 995
                        - 110
                """.formatted(port);
        String afterRule = original.replace(oldAllow, newAllow);
        assertThat(afterRule).isNotEqualTo(original).contains("  # the test upstream on this machine\n  allow:\n")
                .contains("  # after the allow-list\n");
        assertThat(Files.readString(server.configFile)).isEqualTo(afterRule);
        assertThat(Files.readString(backup)).isEqualTo(original);
        await(() -> raw.getText().contains("pop.example.net"));

        // a policy action: only that category's line changes; the comments around it stay
        ChoiceBox<String> virus = robot.lookup("#policy-virus").queryAs(ChoiceBox.class);
        assertThat(fx(virus::getValue)).isEqualTo("replace, quarantine");
        fx(() -> {
            virus.setValue("strip, quarantine");
            return null;
        });
        scrollTo(robot, "#settings-policy");
        robot.clickOn("#policy-apply");
        await(() -> robot.lookup("#settings-outcome").queryAs(Label.class).getText()
                .startsWith("The configuration was validated, written and applied."));
        await(() -> raw.getText().contains("- strip"));
        assertThat(Files.readString(server.configFile)).isEqualTo(afterRule.replace(
                "    virus: [replace, quarantine]   # the default\n", "    virus:   # the default\n      - strip\n      - quarantine\n"));
        assertThat(fx(raw::isEditable)).isFalse();
        Screenshots.write(robot.lookup("#settings-policy").queryAs(Node.class), "settings-policy");
        Screenshots.write(stage.getScene().getRoot(), "settings-applied");

        server.server.runtime().store().flush();
        assertThat(server.server.runtime().store().queries().auditLog(null, null, "dashboard:ui-test", 10))
                .extracting(a -> a.action() + " " + a.result())
                .containsExactly("config.update ok", "config.update ok", "config.update failed");
    }
}
