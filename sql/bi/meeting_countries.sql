-- bi.meeting_countries: one row per meeting and party country, every meeting with a known party country included
-- (one with a single party country too), so "meetings involving TR per month" is a GROUP BY with no list function.
-- meeting_month is the 1st of the meeting's month, NULL when the date is unknown or known to the year only.
CREATE OR REPLACE VIEW bi.meeting_countries AS
SELECT c.meeting_id, c.country_code, m.meeting_date, m.date_precision,
       CASE WHEN m.date_precision IN ('day', 'month') THEN date_trunc('month', m.meeting_date)::DATE END
           AS meeting_month,
       m.place, m.country_code AS place_country_code, m.status, m.mode
FROM main.meeting_countries c
JOIN main.meetings m USING (meeting_id);
