"""DuckDB storage: DDL in `ddl`, loading in `loader`."""
