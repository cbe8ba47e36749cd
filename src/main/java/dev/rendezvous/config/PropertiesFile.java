package dev.rendezvous.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads a settings file in the {@code .properties} format, strictly: UTF-8 only, and a syntax error (a malformed
 * {@code \\uXXXX} escape) refuses the whole file instead of being read as far as it goes.
 */
final class PropertiesFile {
    private PropertiesFile() {
    }

    /** @throws InvalidConfigurationException naming {@code key} (the key that names the file) and the problem */
    static Map<String, String> read(String key, Path path) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path))).toString();
        } catch (NoSuchFileException e) {
            throw new InvalidConfigurationException(key, path + " does not exist");
        } catch (CharacterCodingException e) {
            throw new InvalidConfigurationException(key, path + " is not UTF-8");
        } catch (IOException e) {
            throw new InvalidConfigurationException(key, "cannot read " + path + ": " + e.getMessage());
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidConfigurationException(key, "syntax error in " + path + ": " + e.getMessage());
        }
        Map<String, String> values = new TreeMap<>();
        properties.forEach((k, v) -> values.put(k.toString().trim(), v.toString()));
        return values;
    }
}
