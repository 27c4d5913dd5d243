package org.teachingrnns.numeric;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Twelve hex digits of SHA-256 over the class files of some classes: what names the code a measurement ran, so that
 * a cache of measurements (auto's calibration, its epoch trials) is measured again when that code changes, not only
 * when the machine, the library or the JDK does. Class files are read as resources of their own class (never
 * encapsulated by the module system); a class whose file cannot be read contributes its name only.
 */
public final class CodeFingerprint {

    private CodeFingerprint() {
    }

    /** The fingerprint of these classes' files, in the order given. */
    public static String of(Class<?>... classes) {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
        for (Class<?> c : classes) {
            d.update(c.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String file = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
            try (InputStream in = c.getResourceAsStream(file)) {
                if (in != null) {
                    d.update(in.readAllBytes());
                }
            } catch (IOException e) {
                // the name alone: a change of the class's code then goes unseen, which costs a stale measurement only
            }
        }
        return HexFormat.of().formatHex(d.digest(), 0, 6);
    }
}
