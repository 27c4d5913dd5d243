package org.teachingrnns.numeric;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Twelve hex digits of SHA-256: what names the cache files of measurements (auto's calibration, its epoch trials) and
 * the code a measurement ran, so that a cache is measured again when that code changes, not only when the machine,
 * the library or the JDK does.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    /** The fingerprint of a text's UTF-8 bytes. */
    public static String ofText(String text) {
        MessageDigest d = sha256();
        d.update(text.getBytes(StandardCharsets.UTF_8));
        return hex(d);
    }

    /**
     * The fingerprint of these classes' names and class files, in the order given. Class files are read as resources
     * of their own class (never encapsulated by the module system); a class whose file cannot be read contributes its
     * name only.
     */
    public static String ofClasses(Class<?>... classes) {
        MessageDigest d = sha256();
        for (Class<?> c : classes) {
            d.update(c.getName().getBytes(StandardCharsets.UTF_8));
            String file = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
            try (InputStream in = c.getResourceAsStream(file)) {
                if (in != null) {
                    d.update(in.readAllBytes());
                }
            } catch (IOException e) {
                // the name alone: a change of the class's code then goes unseen, which costs a stale measurement only
            }
        }
        return hex(d);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    private static String hex(MessageDigest d) {
        return HexFormat.of().formatHex(d.digest(), 0, 6);
    }
}
