package dev.rwb.engine.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Hugging Face model folder says about its tokens and chat format, read from
 * {@code tokenizer_config.json} (special tokens, {@code chat_template}), a {@code chat_template.jinja}
 * file where newer checkpoints keep the template, and {@code generation_config.json}
 * ({@code eos_token_id}: one id or a list, e.g. Llama 3's {@code <|end_of_text|>} and {@code <|eot_id|>}).
 *
 * @param chatTemplate the Jinja source, or null when the folder has none
 * @param templateOrigin the file the template came from (for error messages), or null
 * @param bosToken the {@code bos_token} text, or null
 * @param eosToken the {@code eos_token} text, or null
 * @param padToken the {@code pad_token} text, or null
 * @param unkToken the {@code unk_token} text, or null
 * @param generationEosIds the ids {@code generation_config.json} ends generation on (empty when absent)
 */
public record TokenizerConfig(String chatTemplate, String templateOrigin, String bosToken, String eosToken,
                              String padToken, String unkToken, List<Integer> generationEosIds) {

    public TokenizerConfig {
        generationEosIds = generationEosIds == null ? List.of() : List.copyOf(generationEosIds);
    }

    /** Reads the files of a model folder; a folder without them gives an empty config. */
    public static TokenizerConfig read(Path modelDir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path configFile = modelDir.resolve("tokenizer_config.json");
        JsonNode config = Files.isRegularFile(configFile) ? readJson(json, configFile) : json.createObjectNode();
        String template = null;
        String origin = null;
        Path jinja = modelDir.resolve("chat_template.jinja");
        Path templateJson = modelDir.resolve("chat_template.json");
        if (Files.isRegularFile(jinja)) {
            template = Files.readString(jinja);
            origin = jinja.toString();
        } else if (config.has("chat_template")) {
            template = templateText(config.get("chat_template"), configFile);
            origin = configFile.toString();
        } else if (Files.isRegularFile(templateJson)) {
            template = templateText(readJson(json, templateJson).path("chat_template"), templateJson);
            origin = templateJson.toString();
        }
        List<Integer> eosIds = new ArrayList<>();
        Path generation = modelDir.resolve("generation_config.json");
        if (Files.isRegularFile(generation)) {
            JsonNode ids = readJson(json, generation).path("eos_token_id");
            if (ids.isArray()) {
                ids.forEach(id -> eosIds.add(id.asInt()));
            } else if (ids.isIntegralNumber()) {
                eosIds.add(ids.asInt());
            }
        }
        return new TokenizerConfig(template, origin, tokenText(config.get("bos_token")),
                tokenText(config.get("eos_token")), tokenText(config.get("pad_token")),
                tokenText(config.get("unk_token")), eosIds);
    }

    private static JsonNode readJson(ObjectMapper json, Path file) throws IOException {
        try {
            return json.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    /** A template is a string, or a list of {@code {"name", "template"}} of which "default" is used. */
    private static String templateText(JsonNode node, Path file) throws IOException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isArray()) {
            for (JsonNode named : node) {
                if ("default".equals(named.path("name").asText())) {
                    return named.path("template").asText();
                }
            }
            if (node.size() > 0) {
                return node.get(0).path("template").asText();
            }
        }
        throw new IOException(file + ": field chat_template: expected a string or a list of named templates");
    }

    /** A special token is written as its text or as an AddedToken object {@code {"content": …}}. */
    private static String tokenText(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isObject() ? node.path("content").asText(null) : node.asText();
    }
}
