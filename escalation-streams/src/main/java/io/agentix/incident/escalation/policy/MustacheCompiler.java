package io.agentix.incident.escalation.policy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;

/**
 * Compiles policy templates. Notifications are plain text (email bodies, page headlines), so values
 * are written as they are: the default factory would HTML-escape "&" and quotes. Partials are refused:
 * a policy is one self-contained file, and resolving them would read the class path or file system.
 */
final class MustacheCompiler {

    private final DefaultMustacheFactory factory = new DefaultMustacheFactory() {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Reader getReader(String resourceName) {
            throw new MustacheException("partials are not supported ({{> " + resourceName + "}})");
        }
    };

    /** @throws MustacheException when the source is not a valid template */
    Mustache compile(String name, String source) {
        return factory.compile(new StringReader(source), name);
    }
}
