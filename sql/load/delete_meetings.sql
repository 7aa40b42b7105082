-- A full re-merge replaces every meeting (their links are gone first: delete_meeting_links.sql).
DELETE FROM meetings;
