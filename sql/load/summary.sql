SELECT (SELECT count(*) FROM articles) AS articles,
       (SELECT count(*) FROM mentions) AS mentions,
       (SELECT count(*) FROM quotes) AS quotes,
       (SELECT count(*) FROM meeting_reports) AS meeting_reports,
       (SELECT count(*) FROM meetings) AS meetings,
       (SELECT count(*) FROM entities) AS entities,
       (SELECT count(*) FROM rejects) AS rejects;
