package dev.mamori.ui.view;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import dev.mamori.core.admin.PasswordHash;
import dev.mamori.core.admin.client.MdnsDiscovery;
import dev.mamori.ui.viewmodel.ConnectViewModel;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Remote mode's connect screen: servers found on the LAN, the address, user and password or key file, and the
 * dialogs connecting may need (trust an unknown host key, choose a new password).
 */
public final class ConnectView extends VBox implements ConnectViewModel.Prompts {
    private final I18n i18n;

    public ConnectView(ConnectViewModel vm, I18n i18n) {
        this.i18n = i18n;
        vm.setPrompts(this);
        setId("connect");
        setSpacing(12);
        setPadding(new Insets(36, 48, 36, 48));
        setAlignment(Pos.TOP_LEFT);
        setMaxWidth(720);

        Label title = new Label(i18n.get("connect.title"));
        title.getStyleClass().add(Styles.TITLE_2);
        String pins = vm.knownHostsFile().toAbsolutePath().toString();
        String home = System.getProperty("user.home", "");
        if (!home.isEmpty() && pins.startsWith(home + java.io.File.separator)) {
            pins = "~" + pins.substring(home.length());
        }
        Label subtitle = new Label(i18n.format("connect.subtitle", pins));
        subtitle.getStyleClass().add(Styles.TEXT_MUTED);
        subtitle.setWrapText(true);

        Message failure = new Message();
        failure.setId("connect-error");
        failure.titleProperty().bind(Bindings.when(vm.hostKeyChangedProperty())
                .then(i18n.get("connect.keyChanged")).otherwise(i18n.get("connect.failed")));
        failure.descriptionProperty().bind(vm.errorProperty());
        failure.getStyleClass().add(Styles.DANGER);
        failure.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        failure.managedProperty().bind(failure.visibleProperty());

        Label foundLabel = new Label(i18n.get("connect.found"));
        foundLabel.getStyleClass().add(Styles.TEXT_BOLD);
        Button search = new Button(i18n.get("connect.search"));
        search.setId("connect-search");
        search.setMnemonicParsing(true);
        search.disableProperty().bind(vm.discoveringProperty());
        search.setOnAction(e -> vm.discover());
        ProgressIndicator searching = new ProgressIndicator();
        searching.setPrefSize(18, 18);
        searching.visibleProperty().bind(vm.discoveringProperty());
        HBox foundHeader = new HBox(12, foundLabel, new atlantafx.base.controls.Spacer(), searching, search);
        foundHeader.setAlignment(Pos.CENTER_LEFT);

        ListView<MdnsDiscovery.Server> list = new ListView<>(vm.servers());
        list.setId("connect-servers");
        list.setPrefHeight(132);
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(MdnsDiscovery.Server s, boolean empty) {
                super.updateItem(s, empty);
                if (empty || s == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                Label name = new Label(i18n.format("connect.server", s.name(),
                        s.version() == null ? "?" : s.version(), s.host() + ":" + s.port()));
                name.getStyleClass().add(Styles.TEXT_BOLD);
                Label fp = new Label(i18n.format("connect.fingerprint", s.fingerprint() == null ? "?" : s.fingerprint()));
                fp.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
                setText(null);
                setGraphic(new VBox(2, name, fp));
            }
        });
        Label none = new Label();
        none.setWrapText(true);
        none.getStyleClass().add(Styles.TEXT_MUTED);
        none.textProperty().bind(Bindings.createStringBinding(() -> {
            String note = vm.discoveryNoteProperty().get();
            if (note.equals("none")) {
                return i18n.get("connect.none");
            }
            return note;
        }, vm.discoveryNoteProperty()));
        list.setPlaceholder(none);
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> vm.choose(now));

        TextField address = new TextField();
        address.setId("connect-address");
        address.setPromptText("mamori.office.lan:18022");
        address.textProperty().bindBidirectional(vm.addressProperty());
        TextField user = new TextField();
        user.setId("connect-user");
        user.textProperty().bindBidirectional(vm.userProperty());
        PasswordField password = new PasswordField();
        password.setId("connect-password");
        password.textProperty().bindBidirectional(vm.passwordProperty());
        TextField identity = new TextField();
        identity.setId("connect-identity");
        identity.setPromptText(i18n.get("connect.identity.prompt"));
        identity.textProperty().bindBidirectional(vm.identityProperty());
        Button browse = new Button(i18n.get("connect.browse"));
        browse.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            java.io.File f = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
            if (f != null) {
                vm.identityProperty().set(f.getAbsolutePath());
            }
        });
        HBox identityRow = new HBox(8, identity, browse);
        HBox.setHgrow(identity, Priority.ALWAYS);

        GridPane form = new GridPane();
        form.setHgap(12);
        form.setVgap(10);
        form.addRow(0, label(i18n.get("connect.address"), address), address);
        form.addRow(1, label(i18n.get("connect.user"), user), user);
        form.addRow(2, label(i18n.get("connect.password"), password), password);
        form.addRow(3, label(i18n.get("connect.identity"), identity), identityRow);
        GridPane.setHgrow(address, Priority.ALWAYS);

        Button connect = new Button(i18n.get("connect.connect"));
        connect.setId("connect-button");
        connect.setDefaultButton(true);
        connect.getStyleClass().add(Styles.ACCENT);
        connect.disableProperty().bind(vm.busyProperty());
        connect.setOnAction(e -> vm.connect());
        ProgressIndicator working = new ProgressIndicator();
        working.setPrefSize(18, 18);
        working.visibleProperty().bind(vm.busyProperty());
        Label status = new Label();
        status.setId("connect-status");
        status.textProperty().bind(vm.statusProperty());
        HBox actions = new HBox(12, connect, working, status);
        actions.setAlignment(Pos.CENTER_LEFT);

        getChildren().addAll(title, subtitle, failure, foundHeader, list, form, actions);
    }

    private static Label label(String text, javafx.scene.Node target) {
        Label l = new Label(text);
        l.setMnemonicParsing(true);
        l.setLabelFor(target);
        l.setMinWidth(Label.USE_PREF_SIZE);
        return l;
    }

    @Override
    public CompletionStage<Boolean> trustHostKey(String target, String fingerprint) {
        ButtonType yes = new ButtonType(i18n.plain("connect.trust.yes"), ButtonBar.ButtonData.YES);
        ButtonType no = new ButtonType(i18n.get("connect.trust.no"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.WARNING, null, yes, no);
        if (getScene() != null) {
            alert.initOwner(getScene().getWindow());
        }
        alert.setTitle(i18n.get("connect.trust.title"));
        alert.setHeaderText(i18n.format("connect.trust.header", target));
        alert.setContentText(i18n.format("connect.trust.detail", target, fingerprint));
        alert.getDialogPane().setId("trust-dialog");
        alert.getDialogPane().setMinWidth(560);
        // the safe choice is the default: Enter does not trust a key nobody has compared
        ((Button) alert.getDialogPane().lookupButton(yes)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(no)).setDefaultButton(true);
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        alert.setOnHidden(e -> answer.complete(alert.getResult() == yes));
        alert.show();
        return answer;
    }

    @Override
    public CompletionStage<char[]> newPassword(String user) {
        Dialog<char[]> dialog = new Dialog<>();
        if (getScene() != null) {
            dialog.initOwner(getScene().getWindow());
        }
        dialog.setTitle(i18n.get("connect.passwd.title"));
        dialog.setHeaderText(i18n.format("connect.passwd.header", user));
        dialog.getDialogPane().setId("passwd-dialog");
        ButtonType ok = new ButtonType(i18n.plain("connect.passwd.ok"), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ok, ButtonType.CANCEL);
        PasswordField first = new PasswordField();
        first.setId("passwd-new");
        PasswordField second = new PasswordField();
        second.setId("passwd-again");
        Label problem = new Label();
        problem.setId("passwd-problem");
        problem.getStyleClass().add(Styles.DANGER);
        problem.textProperty().bind(Bindings.createStringBinding(() -> {
            if (first.getText().length() < PasswordHash.MIN_PASSWORD_LENGTH) {
                return i18n.get("connect.passwd.short");
            }
            return first.getText().equals(second.getText()) ? "" : i18n.get("connect.passwd.mismatch");
        }, first.textProperty(), second.textProperty()));
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(10);
        grid.addRow(0, new Label(i18n.get("connect.passwd.new")), first);
        grid.addRow(1, new Label(i18n.get("connect.passwd.again")), second);
        grid.add(problem, 1, 2);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().lookupButton(ok).disableProperty().bind(problem.textProperty().isNotEmpty());
        dialog.setResultConverter(b -> b == ok ? first.getText().toCharArray() : null);
        CompletableFuture<char[]> answer = new CompletableFuture<>();
        dialog.setOnHidden(e -> {
            answer.complete(dialog.getResult());
            first.clear();
            second.clear();
        });
        dialog.show();
        first.requestFocus();
        return answer;
    }
}
