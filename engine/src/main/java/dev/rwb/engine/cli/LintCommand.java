package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.lint.LintCode;
import dev.rwb.engine.lint.LintFinding;
import dev.rwb.engine.lint.run.RunLinter;
import dev.rwb.engine.store.RunSummary;
import dev.rwb.engine.store.StoredLint;
import dev.rwb.engine.store.WorkbenchStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rwb lint --db DB [--run R] [--tokenizer T [--chat-template C]] [--json]}: re-runs the mask
 * lints on the stored trajectories (of one run, or of every run), with a tokenizer also retokenisation
 * drift and with a chat template also template drift, stores the findings and prints every one of them.
 * Exit codes: 0 linted (with or without findings), 1 no such database, run, tokenizer or template.
 */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = "Check stored trajectories for mask, stop-token, template, advantage, logprob and reward "
                + "mistakes; print every finding.")
public final class LintCommand implements Callable<Integer> {
    @Mixin
    DbOption db;

    @Option(names = "--run", paramLabel = "NAME", description = "Lint only this run (default: every run).")
    String run;

    @Option(names = "--json", description = "Print the findings as JSON.")
    boolean json;

    @Option(names = "--tokenizer", paramLabel = "PATH", description = "The model's tokenizer.json, or its Hugging Face "
            + "folder: also check retokenisation drift (decode → encode must give back the stored ids).")
    java.nio.file.Path tokenizer;

    @Option(names = "--chat-template", paramLabel = "PATH", description = "The model's chat template: its folder, its "
            + "tokenizer_config.json or a .jinja file (needs --tokenizer): also check template drift (the messages "
            + "re-rendered and re-encoded must give back the stored ids).")
    java.nio.file.Path chatTemplate;

    @Override
    public Integer call() throws Exception {
        List<StoredLint> findings = new ArrayList<>();
        java.nio.file.Path file;
        try {
            file = db.requireExisting();
        } catch (IllegalArgumentException e) {
            System.err.println("rwb lint: " + e.getMessage());
            return 1;
        }
        try (WorkbenchStore store = WorkbenchStore.open(file)) {
            List<String> runs = new ArrayList<>();
            if (run != null) {
                if (store.findRun(run).isEmpty()) {
                    System.err.println("rwb lint: no run named '" + run + "' in " + db.resolve());
                    return 1;
                }
                runs.add(run);
            } else {
                store.listRuns().stream().map(RunSummary::run).forEach(r -> runs.add(r.name()));
            }
            try (DriftTools drift = DriftTools.open(tokenizer, chatTemplate)) {
                RunLinter linter = new RunLinter(drift.linter());
                for (String r : runs) {
                    linter.lint(store, r, null);
                    findings.addAll(store.lints(r));
                }
            }
        } catch (DriftTools.BadToolException e) {
            System.err.println("rwb lint: " + e.getMessage());
            return 1;
        }
        if (json) {
            System.out.println(toJson(findings));
        } else {
            for (StoredLint s : findings) {
                LintFinding f = s.finding();
                System.out.printf("%s step %d trajectory %d: %s: %s%n", s.run(), s.step(), f.trajectoryId(),
                        f.code().key(), f.message());
            }
            System.err.println("rwb lint: " + findings.size() + " finding" + (findings.size() == 1 ? "" : "s"));
        }
        return 0;
    }

    static String toJson(List<StoredLint> findings) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("count", findings.size());
        Map<LintCode, Integer> byCode = new EnumMap<>(LintCode.class);
        ArrayNode arr = mapper.createArrayNode();
        for (StoredLint s : findings) {
            LintFinding f = s.finding();
            byCode.merge(f.code(), 1, Integer::sum);
            ObjectNode o = arr.addObject();
            o.put("run", s.run());
            o.put("step", s.step());
            o.put("trajectory_id", f.trajectoryId());
            o.put("code", f.code().key());
            o.put("source", f.code().source());
            ArrayNode pos = o.putArray("positions");
            f.positions().forEach(pos::add);
            o.put("message", f.message());
        }
        ObjectNode counts = root.putObject("by_code");
        byCode.forEach((c, n) -> counts.put(c.key(), n));
        root.set("findings", arr);
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
