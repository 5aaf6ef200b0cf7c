package dev.rwb.app;

import dev.rwb.app.compare.CompareView;
import dev.rwb.app.compare.WhatIfMaskingView;
import dev.rwb.app.dashboard.DashboardView;
import dev.rwb.app.inspector.InspectorView;
import dev.rwb.app.inspector.InspectorViewModel;
import dev.rwb.app.runs.RunsWorkspace;
import dev.rwb.app.runs.TrainerCommandLine;
import dev.rwb.app.uncertainty.UncertaintyView;
import dev.rwb.engine.store.TrajectorySummary;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

import java.nio.file.Path;

/**
 * The workbench's screens as tabs: Inspect (trajectories token by token), Train (configure,
 * launch, live dashboard), Compare (runs side by side, A/B), What-if (another mask policy on the
 * trajectory open in the inspector) and Uncertainty (entropy before tool calls). While a run is
 * live, the inspector reloads its runs and table after every step the trainer reports, keeping
 * the open trajectory selected.
 */
public final class WorkbenchWindow extends TabPane {
    private final RunsWorkspace train;
    private final WhatIfMaskingView whatIf;

    public WorkbenchWindow(ScreenModels models, InspectorViewModel inspectorModel, InspectorView inspector,
                           Path presets, Path configFolder) {
        TrainerCommandLine trainer = TrainerCommandLine.ofThisJvm();
        DashboardView dashboard = new DashboardView(models.dashboard());
        train = new RunsWorkspace(models.db(), dashboard, trainer, presets, configFolder);
        CompareView compare = new CompareView(models.compare(), trainer, configFolder);
        // a point of a step-metric curve (zoom or grid) opens the trajectories of that run and step
        dashboard.setOnPointClicked(p -> {
            select(0);
            inspector.showStep(dashboard.selectedRunId(), p.step(), p.curve());
        });
        compare.chart().setOnPointClicked(p -> {
            select(0);
            inspector.showStep(p.curve(), p.step(), models.compare().metricProperty().get());
        });
        whatIf = new WhatIfMaskingView(models.recipes());
        UncertaintyView uncertainty = new UncertaintyView(models.uncertainty());

        inspectorModel.tokens().trajectoryProperty().addListener((obs, old, now) -> {
            if (now != null) {
                whatIf.show(now, inspectorModel.tokens().contextProperty().get());
            }
        });
        train.session().progressProperty().addListener((obs, old, now) -> followLiveRun(inspectorModel, inspector));

        getTabs().addAll(tab("tab-inspect", "Inspect", inspector), tab("tab-train", "Train", train),
                tab("tab-compare", "Compare", compare), tab("tab-whatif", "What-if masking", whatIf),
                tab("tab-uncertainty", "Uncertainty", uncertainty));
        setTabClosingPolicy(TabClosingPolicy.UNAVAILABLE);
        getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null && now.getContent() == compare) {
                compare.refreshRuns();
            }
        });
    }

    private void select(int tab) {
        getSelectionModel().select(tab);
    }

    private static Tab tab(String id, String title, javafx.scene.Node content) {
        Tab t = new Tab(title, content);
        t.setId(id);
        return t;
    }

    /** Reloads the inspector after a trainer step and re-selects the trajectory that was open. */
    private static void followLiveRun(InspectorViewModel model, InspectorView view) {
        TrajectorySummary open = view.selected();
        model.refresh(() -> {
            if (open == null) {
                return;
            }
            view.table().getItems().stream().filter(s -> s.id() == open.id()).findFirst()
                    .ifPresent(s -> view.table().getSelectionModel().select(s));
        });
    }

    /** The Train screen. */
    public RunsWorkspace train() {
        return train;
    }

    /** The what-if masking screen. */
    public WhatIfMaskingView whatIf() {
        return whatIf;
    }

    /** Stops a live trainer (if any) when the window closes. */
    public void close() {
        train.close();
    }
}
