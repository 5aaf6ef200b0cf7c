package dev.rwb.engine.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The content hash of an import source, independent of where it lies: SHA-256 of a file's bytes,
 * or, for a dump directory, of each file's relative path, size and bytes in sorted path order.
 */
public final class SourceHash {
    private SourceHash() {
    }

    /** Hex SHA-256 of the source's content. */
    public static String of(Path source) throws IOException {
        MessageDigest digest = sha256();
        if (!Files.isDirectory(source)) {
            update(digest, source);
            return HexFormat.of().formatHex(digest.digest());
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            // path and size delimit the files, so moving bytes from one file to the next changes the hash
            String relative = source.relativize(file).toString().replace('\\', '/');
            digest.update((relative + "\0" + Files.size(file) + "\0").getBytes(StandardCharsets.UTF_8));
            update(digest, file);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
