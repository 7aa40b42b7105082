-- Standby sync: merged meetings whose row is not in the published file (their links go before them).
CREATE OR REPLACE TEMP TABLE batch_meetings_gone AS
SELECT meeting_id FROM (SELECT * FROM main.meetings EXCEPT SELECT * FROM pub.main.meetings);
