package org.vae4j.datasets.tabular;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The CSV columns to use, in feature order: numeric columns give one feature, categorical columns
 * one 0/1 feature per declared category (one-hot). Columns of the file not named here are ignored.
 */
public record TabularSchema(List<Column> columns) {

    /**
     * One declared column.
     *
     * @param name       header name in the CSV
     * @param categories the allowed values, in one-hot order; empty for a numeric column
     */
    public record Column(String name, List<String> categories) {
        public Column {
            Objects.requireNonNull(name, "name");
            categories = List.copyOf(categories);
            if (new HashSet<>(categories).size() != categories.size()) {
                throw new IllegalArgumentException("column '" + name + "' declares a category twice: " + categories);
            }
        }

        public boolean numeric() {
            return categories.isEmpty();
        }

        /** Feature names: the column's name, or {@code name=category} per category. */
        List<String> featureNames() {
            return numeric() ? List.of(name) : categories.stream().map(c -> name + "=" + c).toList();
        }
    }

    public TabularSchema {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a schema needs at least one column");
        }
        Set<String> names = new HashSet<>();
        for (Column c : columns) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("column '" + c.name() + "' declared twice");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Names of the features after one-hot expansion, in order. */
    public List<String> featureNames() {
        return columns.stream().flatMap(c -> c.featureNames().stream()).toList();
    }

    /** Fluent builder. */
    public static final class Builder {
        private final List<Column> columns = new ArrayList<>();

        public Builder numeric(String... names) {
            for (String name : names) {
                columns.add(new Column(name, List.of()));
            }
            return this;
        }

        public Builder categorical(String name, String... categories) {
            if (categories.length == 0) {
                throw new IllegalArgumentException("categorical column '" + name + "' needs its categories");
            }
            columns.add(new Column(name, List.of(categories)));
            return this;
        }

        public TabularSchema build() {
            return new TabularSchema(columns);
        }
    }
}
