package dev.rwb.engine.cli;

import dev.rwb.engine.chat.ChatTemplate;
import dev.rwb.engine.chat.TokenizerConfig;
import dev.rwb.engine.interop.HfTokenizer;
import dev.rwb.engine.lint.Linter;
import dev.rwb.engine.lint.drift.DriftCheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The tokenizer and chat template {@code rwb lint} checks drift with (none: the mask lints only). */
final class DriftTools implements AutoCloseable {
    private final HfTokenizer tokenizer;
    private final ChatTemplate template;

    /** A tokenizer or template that cannot be read; the message names the path. */
    static final class BadToolException extends Exception {
        BadToolException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private DriftTools(HfTokenizer tokenizer, ChatTemplate template) {
        this.tokenizer = tokenizer;
        this.template = template;
    }

    static DriftTools open(Path tokenizerPath, Path templatePath) throws BadToolException {
        if (tokenizerPath == null) {
            if (templatePath != null) {
                throw new BadToolException("--chat-template needs --tokenizer (the rendered chat is re-encoded)", null);
            }
            return new DriftTools(null, null);
        }
        HfTokenizer tok;
        try {
            tok = Files.isDirectory(tokenizerPath) ? HfTokenizer.loadModel(tokenizerPath) : HfTokenizer.load(tokenizerPath);
        } catch (IOException | RuntimeException e) {
            throw new BadToolException("cannot read the tokenizer " + tokenizerPath + ": " + e.getMessage(), e);
        }
        try {
            return new DriftTools(tok, templatePath == null ? null : template(templatePath, tokenizerPath));
        } catch (IOException | RuntimeException e) {
            tok.close();
            throw new BadToolException("cannot read the chat template " + templatePath + ": " + e.getMessage(), e);
        }
    }

    private static ChatTemplate template(Path path, Path tokenizerPath) throws IOException {
        if (Files.isDirectory(path)) {
            return ChatTemplate.load(path);
        }
        if (path.getFileName().toString().endsWith(".jinja")) {
            // the special tokens come from the tokenizer's folder when it is one
            Map<String, String> specials = new HashMap<>();
            if (Files.isDirectory(tokenizerPath)) {
                TokenizerConfig c = TokenizerConfig.read(tokenizerPath);
                if (c.eosToken() != null) {
                    specials.put("eos_token", c.eosToken());
                }
                if (c.bosToken() != null) {
                    specials.put("bos_token", c.bosToken());
                }
            }
            return ChatTemplate.of(Files.readString(path), path.toString(), specials);
        }
        Path folder = path.toAbsolutePath().getParent();
        if (!Files.isRegularFile(path) || folder == null) {
            throw new IOException("no such file or folder");
        }
        return ChatTemplate.load(folder);
    }

    /** The standard linter, with the drift check when a tokenizer was given. */
    Linter linter() {
        Linter.Builder b = Linter.builder();
        if (tokenizer != null) {
            b.addTrajectoryCheck(new DriftCheck(tokenizer, template));
        }
        return b.build();
    }

    @Override
    public void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }
}
