package dev.mamori.ui.view;

import dev.mamori.core.admin.AdminAccount;
import dev.mamori.core.admin.PasswordHash;
import dev.mamori.core.admin.Role;
import dev.mamori.ui.EmbeddedFixture;
import dev.mamori.ui.viewmodel.AccountsViewModel.AccountItem;
import dev.mamori.ui.viewmodel.MainViewModel;
import dev.mamori.ui.viewmodel.UiContext;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
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

import java.util.concurrent.TimeUnit;

import static dev.mamori.ui.view.FxTests.fx;
import static dev.mamori.ui.view.FxTests.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administrator accounts section against a real embedded server with its admin channel (as desktop mode runs it):
 * an account is added through the dialog (a weak password first, refused by the server inside the dialog), listed,
 * and removed after the confirmation; removing the last administrator is refused with the server's reason. The
 * account file the admin channel authenticates against changes, and every attempt is audited. Writes
 * {@code settings-accounts.png}.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(180)
class SettingsAccountsUiTest {
    @TempDir
    static java.nio.file.Path dir;
    private static EmbeddedFixture server;
    private MainViewModel vm;
    private Stage stage;

    @BeforeAll
    static void startServer() throws Exception {
        Display.require();
        server = new EmbeddedFixture(dir, true);
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

    private static void type(FxRobot robot, String id, String text) throws Exception {
        TextInputControl field = robot.lookup(id).queryAs(TextInputControl.class);
        fx(() -> {
            field.setText(text);
            return null;
        });
    }

    private static Button dialogButton(FxRobot robot, String text) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !robot.lookup("#confirm-dialog .button").queryAll().isEmpty());
        return robot.lookup("#confirm-dialog .button").queryAllAs(Button.class).stream()
                .filter(b -> b.getText().equals(text)).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static TableView<AccountItem> table(FxRobot robot) {
        return robot.lookup("#accounts-table").queryAs(TableView.class);
    }

    private static boolean listed(FxRobot robot, String name) {
        return table(robot).getItems().stream().anyMatch(a -> a.name().equals(name));
    }

    private static void select(FxRobot robot, String name) throws Exception {
        TableView<AccountItem> table = table(robot);
        fx(() -> {
            table.getItems().stream().filter(a -> a.name().equals(name)).findFirst()
                    .ifPresent(a -> table.getSelectionModel().select(a));
            return null;
        });
    }

    /** Scrolls the settings screen so the accounts section is in the window (a robot clicks only what shows). */
    private static void scrollToAccounts(FxRobot robot) throws Exception {
        javafx.scene.control.ScrollPane scroll = robot.lookup("#settings").queryAs(javafx.scene.control.ScrollPane.class);
        Node accounts = robot.lookup("#settings-accounts").queryAs(Node.class);
        fx(() -> {
            scroll.layout();
            double content = scroll.getContent().getBoundsInLocal().getHeight();
            double viewport = scroll.getViewportBounds().getHeight();
            double y = scroll.getContent().sceneToLocal(accounts.localToScene(accounts.getBoundsInLocal())).getMinY();
            scroll.setVvalue(content <= viewport ? 0 : Math.min(1, Math.max(0, (y - 60) / (content - viewport))));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void anAccountIsAddedListedAndRemovedAndTheLastAdministratorStays(FxRobot robot) throws Exception {
        robot.clickOn("#nav-settings");
        await(() -> listed(robot, "admin"));
        assertThat(fx(() -> table(robot).getItems().get(0).mustChangePassword())).isTrue();

        scrollToAccounts(robot);
        robot.clickOn("#accounts-add");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !robot.lookup("#account-name").queryAll().isEmpty());
        type(robot, "#account-name", "carol");
        type(robot, "#account-password", "too short");
        type(robot, "#account-password-repeat", "too short");
        robot.clickOn("#account-save");
        // the server's password rule, shown in the dialog, which stays open with what was typed
        await(() -> robot.lookup("#account-dialog-error").queryAs(Label.class).getText().contains("at least 12"));
        assertThat(fx(() -> robot.lookup("#account-name").queryAs(TextInputControl.class).getText())).isEqualTo("carol");
        assertThat(server.admin.accounts().find("carol")).isEmpty();
        Screenshots.write(robot.lookup("#account-dialog").queryAs(Node.class), "settings-account-add");

        type(robot, "#account-password", "carol's long password");
        type(robot, "#account-password-repeat", "carol's long password");
        robot.clickOn("#account-save");
        await(() -> robot.lookup("#account-dialog").queryAll().isEmpty());
        await(() -> listed(robot, "carol"));
        await(() -> robot.lookup("#accounts-notice").queryAs(Label.class).getText().equals("Account carol added."));
        AdminAccount carol = server.admin.accounts().find("carol").orElseThrow();
        assertThat(carol.role()).isEqualTo(Role.VIEWER);
        assertThat(PasswordHash.verify("carol's long password".toCharArray(), carol.passwordHash())).isTrue();
        select(robot, "carol");
        scrollToAccounts(robot); // the section grew (a row, the notice): bring its title back into view
        Screenshots.write(stage.getScene().getRoot(), "settings-accounts");

        robot.clickOn("#accounts-remove");
        robot.clickOn(dialogButton(robot, "Remove"));
        await(() -> !listed(robot, "carol"));
        assertThat(server.admin.accounts().find("carol")).isEmpty();

        select(robot, "admin");
        robot.clickOn("#accounts-remove");
        robot.clickOn(dialogButton(robot, "Remove"));
        await(() -> robot.lookup("#accounts-refused").queryAs(Label.class).getText()
                .contains("'admin' is the last account with the admin role"));
        assertThat(fx(() -> listed(robot, "admin"))).isTrue();
        assertThat(server.admin.accounts().find("admin")).isPresent();
        assertThat(fx(() -> robot.lookup("#accounts-unavailable").queryAs(Node.class).isVisible())).isFalse();

        server.server.runtime().store().flush();
        assertThat(server.server.runtime().store().queries().auditLog(null, null, "dashboard:ui-test", 10))
                .extracting(a -> a.action() + " " + a.target() + " " + a.result())
                .containsExactly("accounts.remove admin failed", "accounts.remove carol ok", "accounts.add carol ok",
                        "accounts.add carol failed");
    }
}
