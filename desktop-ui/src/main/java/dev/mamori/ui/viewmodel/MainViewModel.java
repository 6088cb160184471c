package dev.mamori.ui.viewmodel;

import dev.mamori.ui.backend.DashboardBackend;
import dev.mamori.ui.backend.ServerInfo;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/** The window: which screen is shown, the server it shows, and the screens' view-models. */
public final class MainViewModel implements AutoCloseable {
    /** The screens, in navigation order. */
    public enum Screen { OVERVIEW, DETECTIONS, QUARANTINE, COMPONENTS, SETTINGS, LOG }

    private final DashboardBackend backend;
    private final ObjectProperty<Screen> screen = new SimpleObjectProperty<>(this, "screen", Screen.OVERVIEW);
    private final OverviewViewModel overview;
    private final DetectionsViewModel detections;
    private final QuarantineViewModel quarantine;
    private final ComponentsViewModel components;
    private final SettingsViewModel settings;
    private final LogViewModel log;
    private final javafx.beans.property.ReadOnlyStringWrapper disconnected =
            new javafx.beans.property.ReadOnlyStringWrapper(this, "disconnected");
    private final AutoCloseable disconnectSubscription;
    private Runnable reconnect;

    public MainViewModel(DashboardBackend backend, UiContext ctx) {
        this.backend = backend;
        this.overview = new OverviewViewModel(backend, ctx);
        this.detections = new DetectionsViewModel(backend, ctx);
        this.quarantine = new QuarantineViewModel(backend, ctx);
        this.components = new ComponentsViewModel(backend, ctx);
        this.settings = new SettingsViewModel(backend, ctx);
        this.log = new LogViewModel(backend, ctx);
        screen.addListener((o, before, now) -> load(now));
        detections.activeProperty().bind(screen.isEqualTo(Screen.DETECTIONS));
        quarantine.activeProperty().bind(screen.isEqualTo(Screen.QUARANTINE));
        this.disconnectSubscription = backend.onDisconnected(reason -> ctx.ui().execute(() -> disconnected.set(reason)));
    }

    /** Why the connection to a remote server ended, or null while it is up (an embedded server is never lost). */
    public javafx.beans.property.ReadOnlyStringProperty disconnectedProperty() {
        return disconnected.getReadOnlyProperty();
    }

    /** What "Reconnect" does (remote mode: back to the connect screen); null hides the button. */
    public void setReconnect(Runnable reconnect) {
        this.reconnect = reconnect;
    }

    public Runnable reconnect() {
        return reconnect;
    }

    /** Loads the first screen's data; call once the window is shown. */
    public void start() {
        detections.refresh();
        quarantine.refresh();
        components.refresh();
        settings.refresh();
    }

    private void load(Screen s) {
        switch (s) {
            case DETECTIONS -> detections.refresh();
            case QUARANTINE -> quarantine.refresh();
            case COMPONENTS -> components.refresh();
            case SETTINGS -> settings.refresh();
            default -> { }
        }
    }

    /** Follows a detection's link to its quarantined original. */
    public void openQuarantined(String id) {
        quarantine.select(id);
        screen.set(Screen.QUARANTINE);
    }

    public ServerInfo server() {
        return backend.serverInfo();
    }

    public ObjectProperty<Screen> screenProperty() {
        return screen;
    }

    public OverviewViewModel overview() {
        return overview;
    }

    public DetectionsViewModel detections() {
        return detections;
    }

    public QuarantineViewModel quarantine() {
        return quarantine;
    }

    public ComponentsViewModel components() {
        return components;
    }

    public SettingsViewModel settings() {
        return settings;
    }

    public LogViewModel log() {
        return log;
    }

    @Override
    public void close() throws Exception {
        disconnectSubscription.close();
        overview.close();
        detections.close();
        quarantine.close();
        components.close();
        log.close();
    }
}
