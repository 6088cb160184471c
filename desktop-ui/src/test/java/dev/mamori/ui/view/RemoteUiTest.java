package dev.mamori.ui.view;

import dev.mamori.ui.RemoteFixture;
import dev.mamori.ui.RemoteWindow;
import dev.mamori.ui.viewmodel.ConnectViewModel;
import dev.mamori.ui.viewmodel.MessageItem;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
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

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.mamori.ui.view.FxTests.fx;
import static dev.mamori.ui.view.FxTests.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Remote mode end to end: the connect screen finds a real server (admin channel advertised by mDNS on loopback),
 * logs in with a password after the host key was confirmed in the trust dialog, and the dashboard then shows an EICAR
 * retrieval through the server's POP3 proxy in the overview and the detections table within 2 s. Losing the server
 * shows the reason and Reconnect returns to the connect screen. Screenshot: {@code target/screenshots/connect.png}.
 */
@ExtendWith(ApplicationExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(240)
class RemoteUiTest {
    private static final long VISIBLE_WITHIN_SECONDS = 2;

    @TempDir
    static Path dir;
    private static RemoteFixture server;
    private RemoteWindow window;

    @BeforeAll
    static void startServer() throws Exception {
        Display.require();
        server = new RemoteFixture(dir, true);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Start
    void open(Stage stage) {
        window = RemoteWindow.open(stage, new I18n(java.util.Locale.ENGLISH, java.time.ZoneId.systemDefault()),
                server.knownHosts, null, null, null, new CompletableFuture<>());
    }

    @AfterEach
    void close() throws Exception {
        fx(() -> {
            window.close();
            return null;
        });
        FxToolkit.cleanupStages();
    }

    private static Button button(FxRobot robot, String query, String text) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup(query).queryAllAs(Button.class).stream()
                .anyMatch(b -> b.getText().equals(text) && b.isVisible()));
        return robot.lookup(query).queryAllAs(Button.class).stream()
                .filter(b -> b.getText().equals(text) && b.isVisible()).findFirst().orElseThrow();
    }

    @Test
    @Order(1)
    void connectsThroughTheConnectScreenAndShowsAnEicarRetrievalWithinTwoSeconds(FxRobot robot) throws Exception {
        ConnectViewModel vm = window.connectViewModel();
        // the window's first search asked the default interface; ask loopback, where the test server announces itself
        await(30, () -> !vm.discoveringProperty().get());
        fx(() -> {
            vm.discoverOn(InetAddress.getLoopbackAddress());
            vm.discover();
            return null;
        });
        await(60, () -> vm.servers().stream().anyMatch(s -> s.port() == server.port()));
        @SuppressWarnings("unchecked")
        ListView<dev.mamori.core.admin.client.MdnsDiscovery.Server> list =
                robot.lookup("#connect-servers").queryAs(ListView.class);
        fx(() -> {
            list.getSelectionModel().select(vm.servers().stream().filter(s -> s.port() == server.port())
                    .findFirst().orElseThrow());
            return null;
        });
        assertThat(fx(() -> vm.addressProperty().get())).isEqualTo(server.address());
        // the list's cells are laid out on a later pulse: wait for the server's cell before reading it
        await(30, () -> robot.lookup("#connect-servers .label").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText() != null && l.getText().contains("office-gateway")));
        assertThat(fx(() -> robot.lookup("#connect-servers .label").queryAllAs(Label.class).stream()
                .map(Label::getText).toList())).anySatisfy(t -> assertThat(t).contains("office-gateway", "Mamori test"))
                .anySatisfy(t -> assertThat(t).contains(server.admin.hostKeyFingerprint()));

        robot.clickOn("#connect-user").eraseText(5).write(RemoteFixture.OPS);
        robot.clickOn("#connect-password").write(new String(RemoteFixture.OPS_PASSWORD));
        Screenshots.write(window.stage().getScene().getRoot(), "connect");

        robot.clickOn("#connect-button");
        // trust on first use: the dialog shows the fingerprint; the safe answer is the default
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !robot.lookup("#trust-dialog").queryAll().isEmpty());
        Node trust = robot.lookup("#trust-dialog").query();
        assertThat(fx(() -> ((javafx.scene.control.DialogPane) trust).getContentText()))
                .contains(server.admin.hostKeyFingerprint());
        Screenshots.write(trust, "connect-trust");
        robot.clickOn(button(robot, "#trust-dialog .button", "Trust and connect"));

        await(60, () -> window.stage().getScene().lookup("#header-as-of") != null);
        assertThat(Files.readString(server.knownHosts)).contains(server.admin.hostKeyFingerprint());

        // the overview's tiles are inside a ScrollPane, whose content joins the scene graph with its skin (next pulse)
        await(60, () -> window.stage().getScene().lookup("#tile-detections-value") != null);
        Label detections = robot.lookup("#tile-detections-value").queryAs(Label.class);
        await(30, () -> detections.getText().equals("0"));
        server.local.deliverEicar("alice", "Remote invoice");
        assertThat(server.local.retrieveFirst("alice")).contains("X-Mamori-Status: replaced");
        await(VISIBLE_WITHIN_SECONDS, () -> detections.getText().equals("1")
                && robot.lookup("#tile-messages-value").queryAs(Label.class).getText().equals("1"));
        Screenshots.write(window.stage().getScene().getRoot(), "remote-overview");

        robot.clickOn("#nav-detections");
        @SuppressWarnings("unchecked")
        TableView<MessageItem> table = robot.lookup("#detections-table").queryAs(TableView.class);
        await(30, () -> table.getItems().size() == 1);
        server.local.deliverEicar("bob", "Parcel notice");
        server.local.retrieveFirst("bob");
        await(VISIBLE_WITHIN_SECONDS, () -> table.getItems().stream().anyMatch(m -> m.who().equals("bob")
                && m.threats().contains("Eicar-Test-Signature")));
        Screenshots.write(window.stage().getScene().getRoot(), "remote-detections");

        robot.clickOn("#nav-log");
        org.apache.logging.log4j.LogManager.getLogger("dev.mamori.test").warn("remote tail PASS hunter2");
        javafx.scene.control.ListView<?> logList = robot.lookup("#log-list").queryAs(javafx.scene.control.ListView.class);
        await(30, () -> logList.getItems().stream().anyMatch(l -> ((dev.mamori.core.log.LogLine) l).message()
                .equals("remote tail PASS ******")));
        assertThat(robot.lookup("#log-unavailable").tryQuery()).isEmpty();
        Screenshots.write(window.stage().getScene().getRoot(), "remote-log");
    }

    @Test
    @Order(2)
    void losingTheServerShowsTheReasonAndReconnectReturnsToTheConnectScreen(FxRobot robot) throws Exception {
        ConnectViewModel vm = window.connectViewModel();
        fx(() -> {
            vm.addressProperty().set(server.address());
            vm.userProperty().set(RemoteFixture.OPS);
            vm.passwordProperty().set(new String(RemoteFixture.OPS_PASSWORD));
            vm.connect(); // the key is pinned by the first test: no question this time
            return null;
        });
        await(60, () -> window.stage().getScene().lookup("#header-as-of") != null);
        server.admin.close();
        await(60, () -> window.stage().getScene().lookup("#disconnected").isVisible());
        Screenshots.write(window.stage().getScene().getRoot(), "remote-disconnected");
        fx(() -> {
            Button reconnect = (Button) window.stage().getScene().lookup("#reconnect");
            assertThat(reconnect.isVisible()).isTrue();
            reconnect.fire();
            return null;
        });
        await(30, () -> window.stage().getScene().lookup("#connect-button") != null);
        assertThat(fx(() -> vm.errorProperty().get())).contains("connection");
        assertThat(fx(() -> vm.addressProperty().get())).isEqualTo(server.address());
    }
}
