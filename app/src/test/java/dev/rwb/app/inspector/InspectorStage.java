package dev.rwb.app.inspector;

import dev.rwb.app.WorkbenchApp;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** Puts an inspector on a test stage as the workbench shows it: 1200×760 with the workbench stylesheet. */
final class InspectorStage {
    private InspectorStage() {
    }

    static InspectorView show(Stage stage, InspectorViewModel model) {
        InspectorView view = new InspectorView(model);
        Scene scene = new Scene(view, 1200, 760);
        scene.getStylesheets().add(WorkbenchApp.stylesheet());
        stage.setScene(scene);
        stage.show();
        return view;
    }
}
