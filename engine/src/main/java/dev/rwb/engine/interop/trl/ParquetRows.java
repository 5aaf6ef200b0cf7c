package dev.rwb.engine.interop.trl;

import dev.rwb.engine.trajectory.TrajectoryFormatException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Streams the rows of a Parquet file through DuckDB's {@code read_parquet} (an in-memory DuckDB,
 * results streamed, not materialised). Columns that are not text, numbers or booleans (lists,
 * structs: e.g. conversational prompts) are read as JSON text.
 */
final class ParquetRows implements AutoCloseable {
    /** Receives one row: its 1-based number and its values by column name. */
    @FunctionalInterface
    interface RowHandler {
        /** Returns false to stop reading. */
        boolean accept(int row, Map<String, Object> values) throws TrajectoryFormatException;
    }

    private final Connection duck;

    ParquetRows() throws SQLException {
        Properties props = new Properties();
        props.setProperty("jdbc_stream_results", "true");
        try {
            Class.forName("org.duckdb.DuckDBDriver");
        } catch (ClassNotFoundException e) {
            throw new SQLException("the DuckDB JDBC driver is not on the class path", e);
        }
        duck = DriverManager.getConnection("jdbc:duckdb:", props);
    }

    /** Column name → DuckDB type of a Parquet file. */
    Map<String, String> columns(Path file) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = duck.prepareStatement("DESCRIBE SELECT * FROM read_parquet(?)")) {
            ps.setString(1, file.toAbsolutePath().toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString("column_name"), rs.getString("column_type"));
                }
            }
        }
        return out;
    }

    void forEachRow(Path file, Map<String, String> columns, RowHandler handler)
            throws SQLException, TrajectoryFormatException {
        StringBuilder select = new StringBuilder();
        for (Map.Entry<String, String> c : columns.entrySet()) {
            String quoted = "\"" + c.getKey().replace("\"", "\"\"") + "\"";
            select.append(select.length() == 0 ? "" : ", ")
                    .append(plain(c.getValue()) ? quoted : "to_json(" + quoted + ")::VARCHAR AS " + quoted);
        }
        try (PreparedStatement ps = duck.prepareStatement("SELECT " + select + " FROM read_parquet(?)")) {
            ps.setString(1, file.toAbsolutePath().toString());
            ps.setFetchSize(1024);
            try (ResultSet rs = ps.executeQuery()) {
                int row = 0;
                while (rs.next()) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    int i = 1;
                    for (String name : columns.keySet()) {
                        values.put(name, rs.getObject(i++));
                    }
                    if (!handler.accept(++row, values)) {
                        return;
                    }
                }
            }
        }
    }

    /** Text, numbers and booleans are read as they are; everything else as JSON. */
    static boolean plain(String duckType) {
        String t = duckType.toUpperCase(java.util.Locale.ROOT);
        return !(t.endsWith("]") || t.startsWith("STRUCT") || t.startsWith("MAP") || t.startsWith("UNION"));
    }

    static boolean numeric(String duckType) {
        String t = duckType.toUpperCase(java.util.Locale.ROOT);
        return t.matches("(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|"
                + "REAL|BOOLEAN|DECIMAL.*)");
    }

    @Override
    public void close() throws SQLException {
        duck.close();
    }
}
