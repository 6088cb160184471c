package dev.mamori.ui;

import dev.mamori.ui.backend.RemoteBackend;
import dev.mamori.ui.view.ConnectView;
import dev.mamori.ui.view.DashboardWindow;
import dev.mamori.ui.view.I18n;
import dev.mamori.ui.view.Theme;
import dev.mamori.ui.viewmodel.ConnectViewModel;
import dev.mamori.ui.viewmodel.MainViewModel;
import dev.mamori.ui.viewmodel.UiContext;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The window of remote mode: the connect screen first, then the dashboard over the admin channel; when the connection
 * is lost the dashboard says why and "Reconnect" returns to the connect screen with the address and user kept (the
 * password is not kept). Closing the window ends the connection; the remote server keeps running. FX thread only.
 */
public final class RemoteWindow {
    private static final Logger LOG = LogManager.getLogger(RemoteWindow.class);

    private final Stage stage;
    private final I18n i18n;
    private final ConnectViewModel connect;
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mamori-dashboard-connect");
        t.setDaemon(true);
        return t;
    });
    private final Scene connectScene;
    private MainViewModel vm;
    private RemoteBackend backend;
    private boolean closed;

    private RemoteWindow(Stage stage, I18n i18n, Path knownHosts, CompletableFuture<Void> stop) {
        this.stage = stage;
        this.i18n = i18n;
        this.connect = new ConnectViewModel(UiContext.of(Platform::runLater, DashboardLauncher.actor()), background,
                knownHosts, ConnectViewModel.Connector.ADMIN_CLIENT, this::connected);
        ConnectView view = new ConnectView(connect, i18n);
        StackPane root = new StackPane(view);
        StackPane.setAlignment(view, Pos.TOP_CENTER);
        ScrollPane scroll = new ScrollPane(root);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        connectScene = new Scene(scroll, 820, 680);
        Theme.apply(connectScene, false);
        stage.getProperties().put(RemoteWindow.class, this); // lets tests find this window
        stage.setOnCloseRequest(e -> stop.complete(null));
    }

    /** Shows the connect screen in {@code stage}; connects at once when an address and a key file are given. */
    public static RemoteWindow open(Stage stage, I18n i18n, Path knownHosts, String address, String user,
                                    Path identity, CompletableFuture<Void> stop) {
        RemoteWindow w = new RemoteWindow(stage, i18n, knownHosts, stop);
        if (address != null) {
            w.connect.addressProperty().set(address);
        }
        if (user != null) {
            w.connect.userProperty().set(user);
        }
        if (identity != null) {
            w.connect.identityProperty().set(identity.toString());
        }
        w.showConnect();
        stage.show();
        if (address != null && identity != null) {
            w.connect.connect();
        } else {
            w.connect.discover();
        }
        return w;
    }

    public ConnectViewModel connectViewModel() {
        return connect;
    }

    public Stage stage() {
        return stage;
    }

    private void showConnect() {
        stage.setScene(connectScene);
        stage.setTitle(i18n.get("app.title") + " \u2014 " + i18n.get("connect.title"));
        stage.setMinWidth(640);
        stage.setMinHeight(560);
    }

    private void connected(RemoteBackend b) {
        if (closed) {
            b.close(); // the window was closed while the connection was being made
            return;
        }
        this.backend = b;
        vm = new MainViewModel(b, UiContext.of(Platform::runLater, DashboardLauncher.actor()));
        vm.setReconnect(this::reconnect);
        new DashboardWindow(stage, vm, i18n);
        vm.start();
        LOG.info("Dashboard connected to {} ({})", b.serverInfo().location(), b.serverInfo().name());
    }

    private void reconnect() {
        String reason = vm == null ? null : vm.disconnectedProperty().get();
        closeDashboard();
        connect.showDisconnected(reason);
        showConnect();
    }

    private void closeDashboard() {
        if (vm != null) {
            try {
                vm.close();
            } catch (Exception e) {
                LOG.debug("closing the dashboard view-models: {}", e.toString());
            }
            vm = null;
        }
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }

    /** Ends the connection and hides the window. */
    public void close() {
        closed = true;
        closeDashboard();
        background.shutdownNow();
        stage.hide();
    }
}
