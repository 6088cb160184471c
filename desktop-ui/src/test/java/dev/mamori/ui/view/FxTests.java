package dev.mamori.ui.view;

import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** What the TestFX tests of the window share: a call on the FX thread, a bounded wait, scrolling the settings page. */
final class FxTests {
    private FxTests() {
    }

    /** Runs {@code c} on the FX application thread and returns its result (at most 30 s). */
    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }

    /** Waits up to {@code seconds} for {@code condition}, evaluated on the FX thread. */
    static void await(long seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> fx(condition));
    }

    /** Waits up to 30 s for {@code condition}, evaluated on the FX thread. */
    static void await(Callable<Boolean> condition) throws Exception {
        await(30, condition);
    }

    /** Scrolls the settings page so that the top of the node {@code id} is in view, as a user would. */
    static void scrollTo(FxRobot robot, String id) throws Exception {
        ScrollPane page = robot.lookup("#settings").queryAs(ScrollPane.class);
        Node node = robot.lookup(id).query();
        fx(() -> {
            double content = page.getContent().getBoundsInLocal().getHeight();
            double view = page.getViewportBounds().getHeight();
            double y = page.getContent().sceneToLocal(node.localToScene(0, 0)).getY();
            page.setVvalue(content <= view ? 0 : Math.min(1, Math.max(0, (y - 20) / (content - view))));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
