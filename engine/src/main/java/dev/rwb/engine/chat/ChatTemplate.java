package dev.rwb.engine.chat;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import jinjava.javax.el.CompositeELResolver;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model's own Jinja {@code chat_template}, rendered the way transformers'
 * {@code apply_chat_template} renders it: through HubSpot jinjava with {@code trim_blocks} and
 * {@code lstrip_blocks}, the template globals transformers adds ({@code raise_exception},
 * {@code strftime_now}, a Python-style {@code tojson}, the {@code {% generation %}} block), the
 * Python string methods templates call, and the special tokens as variables
 * ({@code bos_token}, {@code eos_token}, …). Nothing here is written for a particular model.
 */
public final class ChatTemplate {
    private final String source;
    private final String normalised;
    private final String origin;
    private final Map<String, Object> specialTokens;
    private final Jinjava jinjava;

    private ChatTemplate(String source, String origin, Map<String, Object> specialTokens) {
        this.source = source;
        this.normalised = TemplateSyntax.normalise(source);
        this.origin = origin;
        this.specialTokens = specialTokens;
        this.jinjava = newJinjava();
    }

    /** The template of a Hugging Face model folder; throws when it has none. */
    public static ChatTemplate load(Path modelDir) throws IOException {
        TokenizerConfig config = TokenizerConfig.read(modelDir);
        if (config.chatTemplate() == null) {
            throw new IOException(modelDir + ": no chat template (looked for chat_template in tokenizer_config.json, "
                    + "chat_template.jinja and chat_template.json)");
        }
        return of(config);
    }

    /** The template and special tokens of a read config; the config must have a template. */
    public static ChatTemplate of(TokenizerConfig config) {
        Map<String, Object> tokens = new HashMap<>();
        putIfPresent(tokens, "bos_token", config.bosToken());
        putIfPresent(tokens, "eos_token", config.eosToken());
        putIfPresent(tokens, "pad_token", config.padToken());
        putIfPresent(tokens, "unk_token", config.unkToken());
        return new ChatTemplate(config.chatTemplate(), config.templateOrigin(), tokens);
    }

    /** A template given as text (tests, templates kept elsewhere); {@code origin} names it in errors. */
    public static ChatTemplate of(String source, String origin, Map<String, String> specialTokens) {
        return new ChatTemplate(source, origin, new HashMap<>(specialTokens));
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** The template's Jinja source as the model folder has it. */
    public String source() {
        return source;
    }

    /** Renders the messages to the exact text the model reads. */
    public String render(List<ChatMessage> messages, RenderOptions options) {
        Map<String, Object> context = new HashMap<>(specialTokens);
        List<Object> list = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            list.add(m.toTemplateMap());
        }
        context.put("messages", list);
        context.put("add_generation_prompt", options.addGenerationPrompt());
        if (!options.tools().isEmpty()) {
            context.put("tools", new ArrayList<>(options.tools()));
        }
        context.putAll(options.variables());
        RenderResult result = jinjava.renderForResult(normalised, context);
        for (TemplateError e : result.getErrors()) {
            if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new ChatTemplateException(describe(e));
            }
        }
        return result.getOutput();
    }

    /**
     * Renders the messages and marks which characters each message wrote and which are template
     * scaffold; see {@link RenderedChat#of}.
     */
    public RenderedChat renderWithRoles(List<ChatMessage> messages, RenderOptions options, List<String> eosTokens) {
        return RenderedChat.of(this, messages, options, eosTokens);
    }

    private String describe(TemplateError e) {
        String message = e.getMessage();
        Throwable cause = e.getException();
        while (cause != null) {
            if (cause instanceof TemplateRaised raised) {
                message = "raise_exception: " + raised.getMessage();
                break;
            }
            cause = cause.getCause();
        }
        return (origin == null ? "chat template" : origin + ": chat_template") + " line " + e.getLineno() + ": " + message;
    }

    private Jinjava newJinjava() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                // transformers compiles templates with trim_blocks=True, lstrip_blocks=True.
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withElResolver(resolver)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUseNaturalOperatorPrecedence(true)
                        .withParseWhitespaceControlStrictly(true)
                        .withUseTrimmingForNotesAndExpressions(true)
                        .withKeepNullableLoopValues(true)
                        .build())
                .build();
        Jinjava j = new Jinjava(config);
        var globals = j.getGlobalContext();
        globals.registerFilter(new PythonToJson());
        globals.registerTag(new GenerationTag());
        try {
            globals.registerFunction(new ELFunctionDefinition("", "raise_exception",
                    ChatTemplate.class.getMethod("raiseException", String.class)));
            globals.registerFunction(new ELFunctionDefinition("", "strftime_now",
                    ChatTemplate.class.getMethod("strftimeNow", String.class)));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        return j;
    }

    /** The template's {@code raise_exception(message)}: stops rendering with the template's message. */
    public static String raiseException(String message) {
        throw new TemplateRaised(message);
    }

    /** The template's {@code strftime_now(format)} (Llama 3 prints today's date), for the common % codes. */
    public static String strftimeNow(String format) {
        ZonedDateTime now = ZonedDateTime.now();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            char code = format.charAt(++i);
            String pattern = switch (code) {
                case 'd' -> "dd";
                case 'b' -> "MMM";
                case 'B' -> "MMMM";
                case 'Y' -> "yyyy";
                case 'y' -> "yy";
                case 'm' -> "MM";
                case 'H' -> "HH";
                case 'M' -> "mm";
                case 'S' -> "ss";
                case 'A' -> "EEEE";
                case 'a' -> "EEE";
                default -> null;
            };
            out.append(pattern == null ? "%" + code : now.format(DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH)));
        }
        return out.toString();
    }

    /** Thrown by {@code raise_exception}. */
    static final class TemplateRaised extends RuntimeException {
        TemplateRaised(String message) {
            super(message);
        }
    }

    /** transformers' {@code tojson}: {@code json.dumps} with {@code ensure_ascii=False} and optional indent. */
    static final class PythonToJson implements Filter {
        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            Integer indent = args.length > 0 && args[0] != null ? Integer.valueOf(args[0]) : null;
            return PythonJson.dumps(var, indent, false, false);
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object indent = kwargs.getOrDefault("indent", args.length > 0 ? args[0] : null);
            boolean sortKeys = Boolean.TRUE.equals(kwargs.get("sort_keys"));
            boolean ascii = Boolean.TRUE.equals(kwargs.get("ensure_ascii"));
            return PythonJson.dumps(var, indent == null ? null : ((Number) indent).intValue(), sortKeys, ascii);
        }
    }

    /**
     * transformers' {@code {% generation %}…{% endgeneration %}} block, which marks assistant text for
     * its assistant mask; here it renders its body (the roles come from {@link RenderedChat}).
     */
    static final class GenerationTag implements Tag {
        @Override
        public String getName() {
            return "generation";
        }

        @Override
        public String getEndTagName() {
            return "endgeneration";
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            StringBuilder out = new StringBuilder();
            for (Node child : tagNode.getChildren()) {
                out.append(child.render(interpreter).getValue());
            }
            return out.toString();
        }
    }
}
