-- bi.meetings_by_country_pair: a timeline of who met whom. One row per meeting and unordered pair of party
-- countries (country_a < country_b); a meeting with n party countries gives n*(n-1)/2 rows, one with fewer than two none.
CREATE OR REPLACE VIEW bi.meetings_by_country_pair AS
SELECT a.country_code AS country_a, b.country_code AS country_b,
       m.meeting_date, m.place, m.status, m.mode, m.meeting_id
FROM main.meeting_countries a
JOIN main.meeting_countries b ON a.meeting_id = b.meeting_id AND a.country_code < b.country_code
JOIN main.meetings m ON m.meeting_id = a.meeting_id;
