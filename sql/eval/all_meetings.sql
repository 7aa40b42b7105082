-- All meetings in scan order (see all_articles.sql); a meeting belongs to every article in source_names.
select meeting_id, meeting_date, place, status, mode, participants, participant_countries, source_names
from bi.meetings
