package dev.mamori.ui;

import dev.mamori.ui.backend.DashboardBackend;
import dev.mamori.ui.view.DashboardWindow;
import dev.mamori.ui.view.I18n;
import dev.mamori.ui.viewmodel.MainViewModel;
import dev.mamori.ui.viewmodel.UiContext;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Stage;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * Desktop mode: the dashboard window beside a server in the same process. Closing the window asks whether the server
 * keeps running in the background; it then lives on with a tray icon where the platform has a system tray, or headless
 * with a log line saying how to stop it.
 */
public final class DashboardLauncher {
    private static final Logger LOG = LogManager.getLogger(DashboardLauncher.class);

    private final DashboardBackend backend;
    private final I18n i18n = I18n.system();
    private final CompletableFuture<Void> stopRequested;
    private Stage stage;
    private MainViewModel vm;
    private TrayControl tray;
    /** Whether this launcher started the JavaFX toolkit (and so stops it when done). */
    private boolean ownsToolkit;

    private DashboardLauncher(DashboardBackend backend, CompletableFuture<Void> stopRequested) {
        this.backend = backend;
        this.stopRequested = stopRequested;
    }

    /** The actor named in the audit log for actions taken in this dashboard. */
    public static String actor() {
        return "dashboard:" + System.getProperty("user.name", "unknown");
    }

    /**
     * Opens the window and blocks until the operator chooses to stop the server (from the close dialog or the tray).
     * The caller then closes the server; it may also complete {@code stop} itself (a shutdown hook on SIGTERM). Throws
     * when no display can be opened.
     */
    public static void runUntilStopped(DashboardBackend backend, CompletableFuture<Void> stop) throws InterruptedException {
        DashboardLauncher launcher = new DashboardLauncher(backend, stop);
        CountDownLatch started = new CountDownLatch(1);
        Throwable[] failure = new Throwable[1];
        launcher.ownsToolkit = true;
        try {
            Platform.startup(() -> {
                try {
                    launcher.open();
                } catch (RuntimeException | Error e) {
                    failure[0] = e;
                } finally {
                    started.countDown();
                }
            });
        } catch (IllegalStateException alreadyRunning) {
            launcher.ownsToolkit = false;
            Platform.runLater(() -> {
                try {
                    launcher.open();
                } catch (RuntimeException | Error e) {
                    failure[0] = e;
                } finally {
                    started.countDown();
                }
            });
        }
        started.await();
        if (failure[0] != null) {
            throw new IllegalStateException("the dashboard window could not be opened: " + failure[0], failure[0]);
        }
        try {
            launcher.stopRequested.join();
        } finally {
            launcher.shutdownUi();
        }
    }

    /**
     * Remote mode: opens the connect screen (filled with {@code address} and {@code user} when given) and, once
     * connected, the dashboard over the admin channel in the same window. Blocks until the window is closed or
     * {@code stop} completes. With {@code identity} and an address the connection starts at once.
     */
    public static void runRemote(String address, String user, java.nio.file.Path identity, java.nio.file.Path knownHosts,
                                 CompletableFuture<Void> stop) throws InterruptedException {
        RemoteWindow[] window = new RemoteWindow[1];
        CountDownLatch started = new CountDownLatch(1);
        Throwable[] failure = new Throwable[1];
        boolean owns = true;
        Runnable open = () -> {
            try {
                Platform.setImplicitExit(false);
                window[0] = RemoteWindow.open(new Stage(), I18n.system(), knownHosts, address, user, identity, stop);
            } catch (RuntimeException | Error e) {
                failure[0] = e;
            } finally {
                started.countDown();
            }
        };
        try {
            Platform.startup(open);
        } catch (IllegalStateException alreadyRunning) {
            owns = false;
            Platform.runLater(open);
        } catch (UnsupportedOperationException noDisplay) {
            throw new IllegalStateException("the dashboard window could not be opened: " + noDisplay.getMessage(),
                    noDisplay);
        }
        started.await();
        if (failure[0] != null) {
            throw new IllegalStateException("the dashboard window could not be opened: " + failure[0], failure[0]);
        }
        try {
            stop.join();
        } finally {
            CountDownLatch closed = new CountDownLatch(1);
            Platform.runLater(() -> {
                window[0].close();
                closed.countDown();
            });
            closed.await(5, java.util.concurrent.TimeUnit.SECONDS);
            if (owns) {
                Platform.exit();
            }
        }
    }

    private void open() {
        Platform.setImplicitExit(false);
        vm = new MainViewModel(backend, UiContext.of(Platform::runLater, actor()));
        stage = new Stage();
        stage.getProperties().put(DashboardLauncher.class, Boolean.TRUE); // lets tests find this window
        new DashboardWindow(stage, vm, i18n);
        stage.setOnCloseRequest(e -> {
            e.consume();
            askOnClose();
        });
        stage.show();
        vm.start();
    }

    private void askOnClose() {
        ButtonType keep = new ButtonType(i18n.plain("close.keep"), ButtonBar.ButtonData.YES);
        ButtonType stop = new ButtonType(i18n.plain("close.stop"), ButtonBar.ButtonData.NO);
        ButtonType cancel = new ButtonType(i18n.get("close.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, i18n.get("close.detail"), keep, stop, cancel);
        alert.initOwner(stage);
        alert.setTitle(i18n.get("close.title"));
        alert.setHeaderText(i18n.get("close.question"));
        alert.getDialogPane().setId("close-dialog");
        Optional<ButtonType> answer = alert.showAndWait();
        if (answer.isEmpty() || answer.get() == cancel) {
            return;
        }
        if (answer.get() == stop) {
            stopRequested.complete(null);
            return;
        }
        stage.hide();
        tray = TrayControl.install(i18n.get("tray.open"), i18n.get("tray.stop"), this::reopen,
                () -> stopRequested.complete(null));
        if (tray == null) {
            LOG.info("Mamori keeps running in the background without a window (this desktop has no system tray). "
                    + "Stop it with Ctrl-C in its terminal or: kill {}", ProcessHandle.current().pid());
        } else {
            LOG.info("Mamori keeps running in the background; its tray icon opens the dashboard again or stops it");
        }
    }

    private void reopen() {
        Platform.runLater(() -> {
            stage.show();
            stage.toFront();
        });
    }

    private void shutdownUi() {
        if (tray != null) {
            tray.remove();
        }
        CountDownLatch closed = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                if (vm != null) {
                    vm.close();
                }
            } catch (Exception e) {
                LOG.debug("closing the dashboard view-models: {}", e.toString());
            }
            if (stage != null) {
                stage.hide();
            }
            closed.countDown();
        });
        try {
            // bounded: on SIGTERM the toolkit's own shutdown hook may already have stopped the FX thread
            closed.await(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsToolkit) {
            Platform.exit();
        }
    }
}
