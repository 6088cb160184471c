package dev.mamori.ui.view;

import dev.mamori.ui.viewmodel.MainViewModel;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;

/** Puts a {@link MainView} into a stage with a sensible size (90% of the screen, at most 1440×900, at least 1024×680). */
public final class DashboardWindow {
    public static final double MIN_WIDTH = 1024;
    public static final double MIN_HEIGHT = 680;

    private final MainView view;
    private final Scene scene;

    public DashboardWindow(Stage stage, MainViewModel vm, I18n i18n) {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        double w = Math.max(MIN_WIDTH, Math.min(1440, screen.getWidth() * 0.9));
        double h = Math.max(MIN_HEIGHT, Math.min(900, screen.getHeight() * 0.9));
        MainView[] holder = new MainView[1];
        view = new MainView(vm, i18n, dark -> Theme.apply(holder[0].getScene(), dark));
        holder[0] = view;
        scene = new Scene(view, w, h);
        Theme.apply(scene, false);
        stage.setScene(scene);
        stage.setTitle(i18n.get("app.title") + " \u2014 " + vm.server().name());
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
    }

    public MainView view() {
        return view;
    }

    public Scene scene() {
        return scene;
    }
}
