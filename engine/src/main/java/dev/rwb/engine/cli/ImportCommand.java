package dev.rwb.engine.cli;

import dev.rwb.engine.interop.DuplicateImportException;
import dev.rwb.engine.interop.HfTokenizer;
import dev.rwb.engine.interop.ImportFormat;
import dev.rwb.engine.interop.ImportOptions;
import dev.rwb.engine.interop.ImportSummary;
import dev.rwb.engine.interop.catalog.Importers;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.TrajectoryFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code rwb import PATH --db DB [--format F] [--tokenizer tokenizer.json] [--run NAME] [--json]}:
 * streams a rollout dump of any supported format into the DB, all or nothing, so a bad record
 * anywhere imports nothing. A source whose content the DB already holds is refused unless
 * {@code --allow-duplicate}. A source of more than a few MB shows its progress on stderr
 * ({@link ImportProgressPrinter}). Exit codes: 0 imported, 1 bad input or duplicate (nothing imported), 2 no such path.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import rollouts (workbench JSONL, verl, TRL, prime-rl, OpenAI chat, inspect) into the "
                + "database: all or nothing.")
public final class ImportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", description = "A file or dump directory.")
    Path file;

    @Mixin
    DbOption db;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "auto, rwb, verl, trl, prime-rl, openai-chat or inspect (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--tokenizer", paramLabel = "tokenizer.json",
            description = "Hugging Face tokenizer.json for text-only formats and prime-rl token text.")
    Path tokenizer;

    @Option(names = "--run", paramLabel = "NAME", description = "Run to import into (default: from the source).")
    String run;

    @Option(names = "--json", description = "Print the summary as JSON on stdout, and progress as JSON lines on stderr.")
    boolean json;

    @Option(names = "--allow-duplicate",
            description = "Import even when the DB already holds a source with the same content (doubles its groups).")
    boolean allowDuplicate;

    @Override
    public Integer call() {
        if (!Files.exists(file)) {
            System.err.println("rwb import: " + file + ": no such file");
            return 2;
        }
        HfTokenizer tok = null;
        try {
            ImportFormat f = format.equalsIgnoreCase("auto") ? Importers.detect(file) : ImportFormat.parse(format);
            if (tokenizer != null) {
                tok = HfTokenizer.load(tokenizer);
            }
            ImportSummary summary;
            ImportProgressPrinter progress = new ImportProgressPrinter(System.err, json, System.console() != null);
            try (WorkbenchStore store = WorkbenchStore.open(db.resolve())) {
                summary = Importers.importOnce(store, file, f, new ImportOptions(run, tok), allowDuplicate, progress);
            } finally {
                progress.finish();
            }
            if (json) {
                System.out.println(summary.toJson());
            }
            System.err.println("rwb import: " + summary.describe() + " into " + db.resolve());
            return 0;
        } catch (DuplicateImportException e) {
            System.err.println("rwb import: " + e.getMessage() + " Pass --allow-duplicate to import it anyway.");
        } catch (TrajectoryFormatException e) {
            System.err.println("rwb import: nothing imported: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            System.err.println("rwb import: " + e.getMessage());
        } catch (IOException e) {
            System.err.println("rwb import: nothing imported: cannot read " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            System.err.println("rwb import: nothing imported: " + e.getMessage());
        } finally {
            if (tok != null) {
                tok.close();
            }
        }
        return 1;
    }
}
