-- Meetings merged from any report of batch_chosen: the incremental merge replaces them.
SELECT DISTINCT s.meeting_id FROM meeting_sources s
SEMI JOIN batch_chosen c ON c.article_id = s.article_id AND c.report_index = s.report_index;
