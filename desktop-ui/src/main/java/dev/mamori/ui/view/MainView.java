package dev.mamori.ui.view;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import dev.mamori.ui.backend.ServerInfo;
import dev.mamori.ui.viewmodel.MainViewModel;
import dev.mamori.ui.viewmodel.MainViewModel.Screen;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The window's layout: a navigation rail (Alt + the underlined letter, or Ctrl+1..6), a header naming the server, and
 * the current screen. Screens are built once, when first shown.
 */
public final class MainView extends BorderPane {
    private final MainViewModel vm;
    private final I18n i18n;
    private final Map<Screen, Node> screens = new EnumMap<>(Screen.class);
    private final Map<Screen, ToggleButton> buttons = new EnumMap<>(Screen.class);
    private final StackPane center = new StackPane();

    public MainView(MainViewModel vm, I18n i18n, Consumer<Boolean> darkTheme) {
        this.vm = vm;
        this.i18n = i18n;
        getStyleClass().add("dashboard");

        Label logo = new Label(i18n.get("app.title"));
        logo.getStyleClass().add("brand");
        Label tagline = new Label(i18n.get("app.subtitle"));
        tagline.getStyleClass().add("brand-sub");
        VBox nav = new VBox(4, new VBox(0, logo, tagline));
        nav.getStyleClass().add("nav");
        nav.setPadding(new Insets(20, 12, 20, 12));
        ToggleGroup group = new ToggleGroup();
        int n = 1;
        for (Screen s : Screen.values()) {
            ToggleButton b = new ToggleButton(i18n.get("nav." + s.name().toLowerCase(java.util.Locale.ROOT)));
            b.setMnemonicParsing(true);
            b.setId("nav-" + s.name().toLowerCase(java.util.Locale.ROOT));
            b.setToggleGroup(group);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setAlignment(Pos.CENTER_LEFT);
            b.getStyleClass().add("nav-button");
            b.setOnAction(e -> vm.screenProperty().set(s));
            buttons.put(s, b);
            nav.getChildren().add(b);
            KeyCodeCombination key = new KeyCodeCombination(KeyCode.valueOf("DIGIT" + n++), KeyCombination.SHORTCUT_DOWN);
            sceneProperty().addListener((o, was, scene) -> {
                if (scene != null) {
                    scene.getAccelerators().put(key, () -> vm.screenProperty().set(s));
                }
            });
        }
        VBox.setMargin(nav.getChildren().get(1), new Insets(20, 0, 0, 0));
        setLeft(nav);

        ServerInfo server = vm.server();
        Label name = new Label(server.name());
        name.getStyleClass().add(Styles.TITLE_4);
        Label where = new Label(i18n.format(server.mode().equals("embedded") ? "header.embedded" : "header.remote",
                server.location()) + "  \u00b7  " + i18n.format("header.version", server.version()));
        where.getStyleClass().add(Styles.TEXT_MUTED);
        Label asOf = new Label();
        asOf.setId("header-as-of");
        asOf.getStyleClass().add(Styles.TEXT_MUTED);
        asOf.textProperty().bind(Bindings.createStringBinding(() -> vm.overview().lastPulseProperty().get() == null
                ? i18n.get("header.waiting") : i18n.format("header.asOf", i18n.clock(vm.overview().lastPulseProperty().get())),
                vm.overview().lastPulseProperty()));
        ToggleSwitch dark = new ToggleSwitch(i18n.plain("header.theme.dark"));
        dark.setId("theme-switch");
        dark.selectedProperty().addListener((o, was, now) -> darkTheme.accept(now));
        HBox header = new HBox(16, new VBox(2, name, where), new atlantafx.base.controls.Spacer(), asOf, dark);
        header.setAlignment(Pos.CENTER_LEFT);
        header.setPadding(new Insets(12, 24, 12, 24));
        header.getStyleClass().add("header");
        atlantafx.base.controls.Message lost = new atlantafx.base.controls.Message(i18n.get("disconnected.title"), null);
        lost.setId("disconnected");
        lost.getStyleClass().add(Styles.DANGER);
        lost.descriptionProperty().bind(vm.disconnectedProperty());
        javafx.scene.control.Button reconnect = new javafx.scene.control.Button(i18n.get("disconnected.reconnect"));
        reconnect.setId("reconnect");
        reconnect.setOnAction(e -> {
            if (vm.reconnect() != null) {
                vm.reconnect().run();
            }
        });
        reconnect.getStyleClass().add(Styles.ACCENT);
        reconnect.visibleProperty().bind(Bindings.createBooleanBinding(() -> vm.reconnect() != null,
                vm.disconnectedProperty()));
        HBox lostRow = new HBox(12, lost, reconnect);
        HBox.setHgrow(lost, javafx.scene.layout.Priority.ALWAYS);
        lostRow.setAlignment(Pos.CENTER_LEFT);
        lostRow.visibleProperty().bind(vm.disconnectedProperty().isNotNull());
        lostRow.managedProperty().bind(lostRow.visibleProperty());
        VBox.setMargin(lostRow, new Insets(0, 24, 8, 24));
        setTop(new VBox(header, lostRow));

        center.getStyleClass().add("content");
        setCenter(center);
        vm.screenProperty().addListener((o, was, now) -> show(now));
        show(vm.screenProperty().get());
    }

    private void show(Screen s) {
        Node node = screens.computeIfAbsent(s, this::build);
        center.getChildren().setAll(node);
        buttons.get(s).setSelected(true);
    }

    private Node build(Screen s) {
        return switch (s) {
            case OVERVIEW -> new OverviewView(vm.overview(), i18n);
            case DETECTIONS -> new DetectionsView(vm.detections(), i18n, vm::openQuarantined);
            case QUARANTINE -> new QuarantineView(vm.quarantine(), i18n);
            case COMPONENTS -> new ComponentsView(vm.components(), i18n);
            case SETTINGS -> new SettingsView(vm.settings(), i18n);
            case LOG -> new LogView(vm.log(), i18n);
        };
    }

    /** The node of a screen (built if needed); tests use it to reach screen-specific hooks. */
    public Node screen(Screen s) {
        return screens.computeIfAbsent(s, this::build);
    }
}
