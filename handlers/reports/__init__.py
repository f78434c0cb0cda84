"""Numbers: /stats (reports with tables, CSV, charts, saved setups) and the pieces /conversions,
/clicks and /logs share (ranges in the tracker's time zone, headers, CSV files)."""
