package dev.mamori.ui.view;

import dev.mamori.ui.EmbeddedFixture;
import dev.mamori.ui.viewmodel.MainViewModel;
import dev.mamori.ui.viewmodel.UiContext;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
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

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static dev.mamori.ui.view.FxTests.fx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overview in Japanese against a real embedded server, with an EICAR retrieval counted; screenshot
 * {@code overview-ja.png}, to check by eye that the glyphs render (run-tests.sh installs fonts-noto-cjk for Xvfb).
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(180)
class OverviewJapaneseUiTest {
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
        new DashboardWindow(stage, vm, new I18n(Locale.JAPANESE, java.time.ZoneId.systemDefault()));
        stage.setWidth(1360);
        stage.setHeight(1000);
        stage.show();
        vm.start();
    }

    @AfterEach
    void close() throws Exception {
        vm.close();
        FxToolkit.cleanupStages();
    }

    @Test
    void theOverviewSpeaksJapanese(FxRobot robot) throws Exception {
        server.deliverEicar("yuki", "請求書 11月分");
        assertThat(server.retrieveFirst("yuki")).contains("X-Mamori-Status: replaced");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() ->
                robot.lookup("#tile-detections-value").queryAs(Label.class).getText().equals("1")
                        && vm.overview().pulsesProperty().get() >= 5));
        assertThat(fx(() -> robot.lookup("#range-hour").queryAs(ToggleButton.class).getText())).isEqualTo("1 時間");
        assertThat(fx(() -> robot.lookup("#range-status").queryAs(Label.class).getText()))
                .isEqualTo("稼働中のサーバーから 1 秒ごとに 1 点。");
        assertThat(fx(() -> robot.lookup("#service-state-pop3").queryAs(Label.class).getText()))
                .isEqualTo("新しい接続を受け付けています");
        Screenshots.write(stage.getScene().getRoot(), "overview-ja");
    }
}
