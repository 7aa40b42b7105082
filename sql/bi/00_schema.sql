-- The bi schema: stable views for SQL users and BI tools. Tables may change; these names and columns do not.
CREATE SCHEMA IF NOT EXISTS bi;
