package dev.mamori.ui.view;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import dev.mamori.ui.viewmodel.ConnectViewModel;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

/** Remote mode's connect screen; disabled, with the reason, until the admin channel client is wired in. */
public final class ConnectView extends VBox {
    public ConnectView(ConnectViewModel vm, I18n i18n) {
        setId("connect");
        setSpacing(14);
        setPadding(new Insets(48));
        setAlignment(Pos.TOP_CENTER);
        setMaxWidth(560);
        Label title = new Label(i18n.get("connect.title"));
        title.getStyleClass().add(Styles.TITLE_2);
        Label addressLabel = new Label(i18n.get("connect.address"));
        TextField address = new TextField();
        address.setId("connect-address");
        address.textProperty().bindBidirectional(vm.addressProperty());
        address.disableProperty().bind(vm.availableProperty().not());
        Button connect = new Button(i18n.get("connect.connect"));
        connect.setId("connect-button");
        connect.setDefaultButton(true);
        connect.disableProperty().bind(vm.availableProperty().not());
        Message reason = new Message(i18n.get("connect.unavailable"), vm.reasonProperty().get());
        reason.setId("connect-reason");
        reason.getStyleClass().add(Styles.WARNING);
        reason.visibleProperty().bind(vm.availableProperty().not());
        getChildren().addAll(title, reason, addressLabel, address, connect);
    }
}
