package org.teachingrnns.rnn.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;

/**
 * A PrintWriter that remembers why a write failed. PrintWriter (like PrintStream) swallows IOExceptions and only
 * sets a flag ({@link #checkError()}); the reason ("No space left on device", "Broken pipe", "Bad file
 * descriptor") is what the user needs, so the writer underneath records the first exception before PrintWriter
 * swallows it. {@code teach} wraps stdout in one and turns a failure into exit status {@link Teach#COULD_NOT_WRITE}.
 */
final class CheckedOutput extends PrintWriter {

    private final Recorder recorder;

    private CheckedOutput(Recorder recorder, boolean autoFlush) {
        super(recorder, autoFlush);
        this.recorder = recorder;
    }

    /** Over a byte stream (the process's stdout: a FileOutputStream on FileDescriptor.out, not System.out, which hides errors). */
    static CheckedOutput of(OutputStream out, Charset charset, boolean autoFlush) {
        return new CheckedOutput(new Recorder(new OutputStreamWriter(out, charset)), autoFlush);
    }

    /** Over any writer (tests). */
    static CheckedOutput of(Writer w) {
        return new CheckedOutput(new Recorder(w), false);
    }

    /** The first failure's reason, or null when every write succeeded (flushes first). */
    String failure() {
        if (!checkError()) {
            return null;
        }
        return recorder.failure == null ? "write error" : WriteFailedException.reason(recorder.failure);
    }

    private static final class Recorder extends Writer {
        private final Writer out;
        private IOException failure;

        Recorder(Writer out) {
            this.out = out;
        }

        private IOException record(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            try {
                out.write(cbuf, off, len);
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException e) {
                throw record(e);
            }
        }
    }
}
