package dev.mamori.ui.view;

import dev.mamori.core.quarantine.QuarantineEntry;
import dev.mamori.core.runtime.ServiceControl.Service;
import dev.mamori.ui.EmbeddedFixture;
import dev.mamori.core.log.LogLine;
import dev.mamori.ui.viewmodel.MainViewModel;
import dev.mamori.ui.viewmodel.MainViewModel.Screen;
import dev.mamori.ui.viewmodel.MessageItem;
import dev.mamori.ui.viewmodel.UiContext;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.mamori.ui.view.FxTests.fx;
import static dev.mamori.ui.view.FxTests.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every screen against a real embedded server (GreenMail upstream, traffic from a POP3 client through the proxy), with a
 * screenshot of each in {@code target/screenshots/}. Needs a display: run-tests.sh runs Maven under {@code xvfb-run}.
 */
@ExtendWith(ApplicationExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
class DashboardUiTest {
    /** The bound: a retrieval shows on the dashboard within two seconds. */
    private static final long VISIBLE_WITHIN_SECONDS = 2;

    @TempDir
    static Path dir;
    private static EmbeddedFixture server;
    private MainViewModel vm;
    private DashboardWindow window;
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
        window = new DashboardWindow(stage, vm, new I18n(java.util.Locale.ENGLISH, java.time.ZoneId.systemDefault()));
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

    private Label label(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class);
    }

    @Test
    @Order(1)
    void overviewCountsAnEicarRetrievalWithinTwoSecondsAndSwitchesPop3(FxRobot robot) throws Exception {
        assertThat(fx(() -> label(robot, "#tile-detections-value").getText())).isEqualTo("0");
        server.deliverEicar("alice", "Invoice 2026-11");
        String got = server.retrieveFirst("alice");
        assertThat(got).contains("X-Mamori-Status: replaced");
        await(VISIBLE_WITHIN_SECONDS, () -> label(robot, "#tile-detections-value").getText().equals("1")
                && label(robot, "#tile-messages-value").getText().equals("1")
                && label(robot, "#tile-quarantine-value").getText().equals("1"));

        // the switch asks the server, and the card shows the server's answer
        robot.clickOn("#switch-pop3");
        await(30, () -> !server.backend.serviceEnabled(Service.POP3)
                && label(robot, "#service-state-pop3").getText().startsWith("Refusing"));
        robot.clickOn("#switch-pop3");
        await(30, () -> server.backend.serviceEnabled(Service.POP3));

        // a few seconds of live chart, with sessions held open for the picture
        List<java.net.Socket> open = new java.util.ArrayList<>();
        server.deliverEicar("erin", "held");
        for (int i = 0; i < 3; i++) {
            open.add(server.openSession("erin"));
        }
        server.deliverEicar("frank", "Quarterly report.zip");
        server.retrieveFirst("frank");
        await(30, () -> vm.overview().pulsesProperty().get() >= 6 && vm.overview().messagesTodayProperty().get() == 2);
        Screenshots.write(stage.getScene().getRoot(), "overview");
        for (java.net.Socket s : open) {
            s.close();
        }

        // keyboard: Ctrl+2 goes to the detections
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        await(10, () -> vm.screenProperty().get() == Screen.DETECTIONS);
    }

    @Test
    @Order(2)
    void aRetrievalAppearsInTheDetectionsTableWithinTwoSecondsAndLinksToTheQuarantine(FxRobot robot) throws Exception {
        robot.clickOn("#nav-detections");
        @SuppressWarnings("unchecked")
        TableView<MessageItem> table = robot.lookup("#detections-table").queryAs(TableView.class);
        await(30, () -> table.getItems().size() == 2);
        server.deliverEicar("bob", "Your parcel is waiting");
        server.retrieveFirst("bob");
        await(VISIBLE_WITHIN_SECONDS, () -> table.getItems().stream().anyMatch(m -> m.who().equals("bob")
                && m.threats().contains("Eicar-Test-Signature")));

        // the stored row (with where the threat was) replaces the live one
        await(30, () -> table.getItems().stream().anyMatch(m -> m.who().equals("bob") && !m.paths().isEmpty()));
        fx(() -> {
            MessageItem bob = table.getItems().stream().filter(m -> m.who().equals("bob")).findFirst().orElseThrow();
            table.getSelectionModel().select(bob);
            return null;
        });
        Hyperlink link = robot.lookup("#detections-open-quarantine").queryAs(Hyperlink.class);
        assertThat(robot.lookup("#detections-detail").queryAs(Node.class)).isNotNull();
        assertThat(fx(() -> robot.lookup(".threat-path").queryAs(Label.class).getText()))
                .contains("Eicar-Test-Signature in message").contains("eicar.com");
        Screenshots.write(stage.getScene().getRoot(), "detections");

        robot.clickOn(link);
        await(30, () -> vm.screenProperty().get() == Screen.QUARANTINE && vm.quarantine().selectedProperty().get() != null
                && vm.quarantine().selectedProperty().get().account().equals("bob"));
    }

    @Test
    @Order(3)
    void quarantineReleaseDeleteAndExportAreConfirmedAndAudited(FxRobot robot) throws Exception {
        robot.press(KeyCode.ALT, KeyCode.Q).release(KeyCode.Q, KeyCode.ALT); // the mnemonic of "_Quarantine"
        await(10, () -> vm.screenProperty().get() == Screen.QUARANTINE);
        @SuppressWarnings("unchecked")
        TableView<QuarantineEntry> table = robot.lookup("#quarantine-table").queryAs(TableView.class);
        await(30, () -> table.getItems().size() == 3);
        fx(() -> {
            table.getSelectionModel().select(table.getItems().stream().filter(e -> e.account().equals("alice")).findFirst().orElseThrow());
            return null;
        });
        Screenshots.write(stage.getScene().getRoot(), "quarantine");

        robot.clickOn("#quarantine-release");
        robot.clickOn(dialogButton(robot, "Release"));
        await(30, () -> label(robot, "#quarantine-outcome").getText().startsWith("Released"));
        await(30, () -> table.getItems().stream().anyMatch(e -> e.status() == QuarantineEntry.Status.RELEASED));

        QuarantineView view = (QuarantineView) window.view().screen(Screen.QUARANTINE);
        Path exported = dir.resolve("exported.eml");
        view.exportTarget(e -> exported);
        robot.clickOn("#quarantine-export");
        await(30, () -> Files.exists(exported));
        assertThat(Files.readString(exported)).contains("eicar.com");

        String id = fx(() -> vm.quarantine().selectedProperty().get().id());
        robot.clickOn("#quarantine-delete");
        robot.clickOn(dialogButton(robot, "Cancel"));
        assertThat(fx(() -> table.getItems().size())).as("cancel deletes nothing").isEqualTo(3);
        robot.clickOn("#quarantine-delete");
        robot.clickOn(dialogButton(robot, "Delete"));
        await(30, () -> table.getItems().size() == 2);
        assertThat(server.server.runtime().quarantine().get(id)).isEmpty();

        server.server.runtime().store().flush();
        assertThat(server.server.runtime().store().queries().auditLog(null, null, "dashboard:ui-test", 10))
                .extracting(a -> a.action() + " " + a.result())
                .containsExactly("quarantine.delete ok", "quarantine.export ok", "quarantine.release ok",
                        "service.enable ok", "service.disable ok");
    }

    private static Button dialogButton(FxRobot robot, String text) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !robot.lookup("#confirm-dialog .button").queryAll().isEmpty());
        return robot.lookup("#confirm-dialog .button").queryAllAs(Button.class).stream()
                .filter(b -> b.getText().equals(text)).findFirst().orElseThrow();
    }

    @Test
    @Order(4)
    void componentsShowVersionsAndTheReasonAnUpdateFailed(FxRobot robot) throws Exception {
        robot.clickOn("#nav-components");
        await(30, () -> robot.lookup(".component-card").queryAll().size() == 4);
        robot.clickOn("#update-virus-patterns");
        await(30, () -> label(robot, "#component-message-virus-patterns").getText()
                .equals("Failed: no update source is configured, so virus-patterns cannot be updated"));
        Screenshots.write(stage.getScene().getRoot(), "components");
    }

    @Test
    @Order(5)
    void settingsShowTheConfigurationReadOnlyWithStructuredEditors(FxRobot robot) throws Exception {
        robot.clickOn("#nav-settings");
        TextArea raw = robot.lookup("#settings-raw").queryAs(TextArea.class);
        await(30, () -> raw.getText().contains("name: dashboard-test"));
        assertThat(fx(raw::isEditable)).isFalse();
        assertThat(robot.lookup("#settings-read-only").queryAs(Node.class).isVisible()).isTrue();
        await(30, () -> robot.lookup("#policy-apply").queryAs(Node.class).isVisible());
        assertThat(robot.lookup("#settings-edit").tryQuery()).isEmpty();
        Screenshots.write(stage.getScene().getRoot(), "settings");
    }

    @Test
    @Order(6)
    void theLogTailsTheServerAndFiltersByLevel(FxRobot robot) throws Exception {
        robot.clickOn("#nav-log");
        javafx.scene.control.ListView<?> list = robot.lookup("#log-list").queryAs(javafx.scene.control.ListView.class);
        await(30, () -> !list.getItems().isEmpty());
        org.apache.logging.log4j.LogManager.getLogger("dev.mamori.test").warn("disk nearly full (UI test)");
        await(30, () -> list.getItems().stream().anyMatch(l -> ((LogLine) l).message().contains("disk nearly full")));
        Screenshots.write(stage.getScene().getRoot(), "log");
        fx(() -> {
            vm.log().thresholdProperty().set(LogLine.Level.WARN);
            return null;
        });
        assertThat(fx(() -> list.getItems().stream().allMatch(l -> ((LogLine) l).level().atLeast(LogLine.Level.WARN)))).isTrue();
    }

    @Test
    @Order(7)
    void darkTheme(FxRobot robot) throws Exception {
        robot.clickOn("#theme-switch");
        Screenshots.write(stage.getScene().getRoot(), "overview-dark");
        robot.clickOn("#theme-switch");
    }

    @Test
    @Order(8)
    void closingTheWindowAsksWhetherTheServerKeepsRunning(FxRobot robot) throws Exception {
        java.util.concurrent.CompletableFuture<Void> stop = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Void> returned = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                dev.mamori.ui.DashboardLauncher.runUntilStopped(server.backend, stop);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await(30, () -> launcherStage() != null && launcherStage().isShowing());
        Stage window = fx(this::launcherStage);

        // not awaited: the close handler shows its dialog with showAndWait
        Platform.runLater(() -> window.fireEvent(new javafx.stage.WindowEvent(window, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST)));
        robot.clickOn(closeDialogButton(robot, "Cancel"));
        assertThat(fx(window::isShowing)).as("cancel keeps the window").isTrue();

        // not awaited: the close handler shows its dialog with showAndWait
        Platform.runLater(() -> window.fireEvent(new javafx.stage.WindowEvent(window, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST)));
        robot.clickOn(closeDialogButton(robot, "Keep running"));
        await(30, () -> !window.isShowing());
        // no system tray here (headless AWT): the log says how to stop the server, which keeps serving
        await(30, () -> server.log.snapshot().stream().anyMatch(l -> l.message().contains("keeps running in the background")
                && l.message().contains("kill " + ProcessHandle.current().pid())));
        assertThat(server.retrieveFirst("alice")).isNotEmpty();
        assertThat(returned).isNotDone();

        stop.complete(null);
        returned.get(30, TimeUnit.SECONDS);
        assertThat(Platform.isFxApplicationThread()).isFalse();
        assertThat(fx(() -> true)).as("the launcher leaves a toolkit it did not start running").isTrue();
    }

    private Stage launcherStage() {
        return javafx.stage.Window.getWindows().stream().filter(w -> w instanceof Stage
                && w.getProperties().containsKey(dev.mamori.ui.DashboardLauncher.class)).map(w -> (Stage) w)
                .findFirst().orElse(null);
    }

    private static Button closeDialogButton(FxRobot robot, String text) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#close-dialog .button").queryAllAs(Button.class)
                .stream().anyMatch(b -> b.getText().equals(text) && b.isVisible()));
        return robot.lookup("#close-dialog .button").queryAllAs(Button.class).stream()
                .filter(b -> b.getText().equals(text) && b.isVisible()).findFirst().orElseThrow();
    }
}
