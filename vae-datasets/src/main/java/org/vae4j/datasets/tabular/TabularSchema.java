package org.vae4j.datasets.tabular;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The CSV columns to use, in feature order: numeric columns give one feature, categorical columns
 * one 0/1 feature per declared category (one-hot). Columns of the file not named here are ignored.
 * Condition columns (a conditional VAE's c) come last: their features are the condition, the
 * others the data x.
 */
public record TabularSchema(List<Column> columns) {

    /**
     * One declared column.
     *
     * @param name       header name in the CSV
     * @param categories the allowed values, in one-hot order; empty for a numeric column
     * @param condition  whether the column is part of the condition c rather than the data x
     */
    public record Column(String name, List<String> categories, boolean condition) {

        /** A data column. */
        public Column(String name, List<String> categories) {
            this(name, categories, false);
        }

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

        /** Features: 1 for a numeric column, one per category for a categorical one. */
        public int width() {
            return numeric() ? 1 : categories.size();
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
        boolean conditionSeen = false;
        for (Column c : columns) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("column '" + c.name() + "' declared twice");
            }
            if (conditionSeen && !c.condition()) {
                throw new IllegalArgumentException("data column '" + c.name() + "' follows a condition column: the "
                        + "condition columns come last");
            }
            conditionSeen |= c.condition();
        }
        if (columns.stream().allMatch(Column::condition)) {
            throw new IllegalArgumentException("a schema needs at least one data column besides the condition");
        }
    }

    /** Features of the condition columns (0 without a condition): the last ones of each row. */
    public int conditionWidth() {
        return columns.stream().filter(Column::condition).mapToInt(Column::width).sum();
    }

    /** The condition columns' names, in order. */
    public List<String> conditionColumns() {
        return columns.stream().filter(Column::condition).map(Column::name).toList();
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

        /** A numeric condition column (after the data columns). */
        public Builder numericCondition(String name) {
            columns.add(new Column(name, List.of(), true));
            return this;
        }

        /** A categorical condition column, one-hot (after the data columns). */
        public Builder categoricalCondition(String name, String... categories) {
            if (categories.length == 0) {
                throw new IllegalArgumentException("categorical column '" + name + "' needs its categories");
            }
            columns.add(new Column(name, List.of(categories), true));
            return this;
        }

        public TabularSchema build() {
            return new TabularSchema(columns);
        }
    }
}
