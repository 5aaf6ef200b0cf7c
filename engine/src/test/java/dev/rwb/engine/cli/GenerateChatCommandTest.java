package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.chat.ChatMessage;
import dev.rwb.engine.chat.ChatTemplate;
import dev.rwb.engine.chat.Qwen3TokenizerFiles;
import dev.rwb.engine.chat.RenderOptions;
import dev.rwb.engine.interop.HfTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rwb generate --chat}: the prompt is the model's own chat template with its generation prompt. */
class GenerateChatCommandTest {
    @Test
    void chatMessagesAreRenderedWithTheModelsTemplate(@TempDir Path tmp) throws Exception {
        Path model = Qwen3TokenizerFiles.tinyModel(tmp.resolve("m"));
        Path messages = tmp.resolve("chat.json");
        Files.writeString(messages, "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"What is 2+3?\"}]");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = new CommandLine(new Rwb()).execute("generate", "--model", model.toString(), "--prompt-file",
                    messages.toString(), "--chat", "--no-thinking", "--max-new-tokens", "3", "--temperature", "0",
                    "--device", "cpu", "--json");
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        JsonNode o = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).strip());
        String expected = ChatTemplate.load(model).render(List.of(ChatMessage.system("Be brief."),
                ChatMessage.user("What is 2+3?")), RenderOptions.builder().addGenerationPrompt(true)
                .variable("enable_thinking", false).build());
        assertTrue(expected.endsWith("<|im_start|>assistant\n<think>\n\n</think>\n\n"), expected);
        try (HfTokenizer tok = HfTokenizer.loadModel(model)) {
            int[] ids = tok.encode(expected);
            assertEquals(ids.length, o.get("prompt_ids").size());
            for (int i = 0; i < ids.length; i++) {
                assertEquals(ids[i], o.get("prompt_ids").get(i).asInt());
            }
        }
        assertTrue(o.get("token_ids").size() >= 1 && o.get("token_ids").size() <= 3);
    }
}
