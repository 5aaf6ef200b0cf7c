package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A generated Search-R1-like verl {@code rollout_data_dir} for the import benchmark: 64 prompts × 8
 * samples per {@code <step>.jsonl}, 1–3 search hops per sample, ~3.9 KB per record, seeded, so the
 * same size always gives the same dump.
 */
final class VerlDumpGenerator {
    private static final String[] WORDS = ("the of and founded city river company born married capital wrote "
            + "studied museum bridge station Acme Ada Bob Carol Delta Echo Zurich Oslo Lima Kyoto physics music "
            + "history search answer document title year population north south because therefore which").split(" ");

    /** Writes step files of 64 prompts × 8 samples each until {@code target} bytes are written. */
    static long generate(Path dump, long target) throws java.io.IOException {
        SplittableRandom rnd = new SplittableRandom(7);
        ObjectMapper m = new ObjectMapper();
        long written = 0;
        for (int step = 1; written < target; step++) {
            try (BufferedWriter w = Files.newBufferedWriter(dump.resolve(step + ".jsonl"), StandardCharsets.UTF_8)) {
                for (int p = 0; p < 64 && written < target; p++) {
                    String input = "Answer the question, searching with <search> query </search>. Question: "
                            + words(rnd, 12) + "?";
                    for (int g = 0; g < 8 && written < target; g++) {
                        StringBuilder out = new StringBuilder();
                        int hops = 1 + rnd.nextInt(3);
                        for (int h = 0; h < hops; h++) {
                            out.append("<think> ").append(words(rnd, 30 + rnd.nextInt(60))).append(" </think>")
                                    .append("<search> ").append(words(rnd, 5)).append(" </search>\n\n<information>");
                            for (int d = 1; d <= 3; d++) {
                                out.append("Doc ").append(d).append("(Title: \"").append(words(rnd, 2)).append("\") ")
                                        .append(words(rnd, 60)).append(' ');
                            }
                            out.append("</information>\n\n");
                        }
                        double score = rnd.nextInt(3) == 0 ? 1.0 : 0.0;
                        out.append("<think> ").append(words(rnd, 20)).append(" </think><answer> ")
                                .append(words(rnd, 2)).append(" </answer>");
                        ObjectNode o = m.createObjectNode();
                        o.put("input", input).put("output", out.toString()).put("gts", words(rnd, 2))
                                .put("score", score).put("step", step).put("acc", score);
                        String line = m.writeValueAsString(o);
                        w.write(line);
                        w.write('\n');
                        written += line.getBytes(StandardCharsets.UTF_8).length + 1;
                    }
                }
            }
        }
        return written;
    }

    private static String words(SplittableRandom rnd, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    private VerlDumpGenerator() {
    }
}
