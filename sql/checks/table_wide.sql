-- What the fact tables' constraints guaranteed before schema version 3, checked inside DuckDB before each publish:
-- key uniqueness and references that resolve. One row per check; violations 0 passes, example names a failing key.
-- Keys of the big tables (articles, mentions, quotes, meeting_reports) are checked for the keys this run wrote
-- ($run_id; scope.sql's check_articles), against every row: rows of earlier runs were checked when they were
-- written, so a new duplicate always has one of this run's keys, and grouping every key of millions of rows each run
-- (1.4 s and 600 MB for 5 million mentions) is what `parley check --full` ($run_id NULL) still does. References are
-- an anti-join on the parent's key column, cheap enough to check over every row every run, and the meeting tables
-- (rewritten in groups by each run's merge) are small: both stay whole.
-- Every CTE is read twice (its count and an example): MATERIALIZED computes it once (0.9 s instead of 1.3 s at
-- 200,000 articles).
WITH
-- Each scoped check reads either every row ($run_id NULL) or the rows holding a key of this run: a UNION ALL of the
-- two, whose branch with a false parameter test DuckDB drops (an OR kept both: twice as slow).
dup_article_id AS MATERIALIZED (SELECT article_id AS k FROM (
                       SELECT article_id FROM articles WHERE $run_id::VARCHAR IS NULL
                       UNION ALL SELECT article_id FROM articles WHERE $run_id::VARCHAR IS NOT NULL
                                 AND article_id IN (SELECT article_id FROM check_articles))
                   GROUP BY ALL HAVING count(*) > 1),
dup_source_name AS MATERIALIZED (SELECT source_name AS k FROM (
                        SELECT source_name FROM articles WHERE $run_id::VARCHAR IS NULL
                        UNION ALL SELECT source_name FROM articles WHERE $run_id::VARCHAR IS NOT NULL
                                  AND source_name IN (SELECT source_name FROM articles WHERE run_id = $run_id::VARCHAR))
                    GROUP BY ALL HAVING count(*) > 1),
dup_mention AS MATERIALIZED (SELECT mention_id AS k FROM (
                    SELECT mention_id FROM mentions WHERE $run_id::VARCHAR IS NULL
                    UNION ALL SELECT mention_id FROM mentions WHERE $run_id::VARCHAR IS NOT NULL
                              AND mention_id IN (SELECT mention_id FROM mentions
                                                 SEMI JOIN check_articles USING (article_id)))
                GROUP BY ALL HAVING count(*) > 1),
dup_quote AS MATERIALIZED (SELECT quote_id AS k FROM (
                  SELECT quote_id FROM quotes WHERE $run_id::VARCHAR IS NULL
                  UNION ALL SELECT quote_id FROM quotes WHERE $run_id::VARCHAR IS NOT NULL
                            AND quote_id IN (SELECT quote_id FROM quotes SEMI JOIN check_articles USING (article_id)))
              GROUP BY ALL HAVING count(*) > 1),
dup_report AS MATERIALIZED (SELECT article_id || '#' || report_index AS k FROM (
                   SELECT article_id, report_index FROM meeting_reports WHERE $run_id::VARCHAR IS NULL
                   UNION ALL SELECT article_id, report_index FROM meeting_reports WHERE $run_id::VARCHAR IS NOT NULL
                             AND article_id IN (SELECT article_id FROM check_articles))
               GROUP BY article_id, report_index HAVING count(*) > 1),
dup_meeting AS MATERIALIZED (SELECT meeting_id AS k FROM meetings GROUP BY ALL HAVING count(*) > 1),
dup_participant AS MATERIALIZED (
    SELECT meeting_id || ' ' || entity_id AS k FROM meeting_participants GROUP BY meeting_id, entity_id
    HAVING count(*) > 1),
dup_country AS MATERIALIZED (
    SELECT meeting_id || ' ' || country_code AS k FROM meeting_countries GROUP BY meeting_id, country_code
    HAVING count(*) > 1),
dup_source AS MATERIALIZED (SELECT meeting_id || ' ' || article_id || '#' || report_index AS k FROM meeting_sources
               GROUP BY meeting_id, article_id, report_index HAVING count(*) > 1),
orphan_mention_article AS MATERIALIZED (SELECT mention_id AS k FROM mentions ANTI JOIN articles USING (article_id)),
orphan_mention_entity AS MATERIALIZED (SELECT mention_id AS k FROM mentions ANTI JOIN entities USING (entity_id)),
orphan_quote_article AS MATERIALIZED (SELECT quote_id AS k FROM quotes ANTI JOIN articles USING (article_id)),
orphan_quote_speaker AS MATERIALIZED (
    SELECT q.quote_id AS k FROM quotes q ANTI JOIN entities e ON e.entity_id = q.speaker_entity_id
    WHERE q.speaker_entity_id IS NOT NULL),
orphan_report_article AS MATERIALIZED (SELECT article_id || '#' || report_index AS k FROM meeting_reports
                          ANTI JOIN articles USING (article_id)),
orphan_participant_meeting AS MATERIALIZED (
    SELECT meeting_id AS k FROM meeting_participants ANTI JOIN meetings USING (meeting_id)),
orphan_participant_entity AS MATERIALIZED (
    SELECT entity_id AS k FROM meeting_participants ANTI JOIN entities USING (entity_id)),
orphan_country_meeting AS MATERIALIZED (
    SELECT meeting_id AS k FROM meeting_countries ANTI JOIN meetings USING (meeting_id)),
orphan_source_meeting AS MATERIALIZED (
    SELECT meeting_id AS k FROM meeting_sources ANTI JOIN meetings USING (meeting_id)),
orphan_source_report AS MATERIALIZED (SELECT article_id || '#' || report_index AS k FROM meeting_sources
                         ANTI JOIN meeting_reports USING (article_id, report_index)),
meeting_without_source AS MATERIALIZED (
    SELECT meeting_id AS k FROM meetings ANTI JOIN meeting_sources USING (meeting_id)),
-- person_links (issue 25): each linked id once, a one-word NER person, shown as an existing person not itself linked.
dup_person_link AS MATERIALIZED (SELECT entity_id AS k FROM person_links GROUP BY ALL HAVING count(*) > 1),
person_link_not_twin AS MATERIALIZED (
    SELECT l.entity_id AS k FROM person_links l ANTI JOIN entities e ON e.entity_id = l.entity_id
    AND e.type = 'PERSON' AND e.source = 'ner' AND NOT contains(trim(e.name), ' ')),
person_link_not_person AS MATERIALIZED (
    SELECT l.entity_id || ' -> ' || l.canonical_id AS k FROM person_links l
    ANTI JOIN entities e ON e.entity_id = l.canonical_id AND e.type = 'PERSON'),
person_link_chain AS MATERIALIZED (
    SELECT l.entity_id || ' -> ' || l.canonical_id AS k FROM person_links l
    WHERE l.canonical_id = l.entity_id OR l.canonical_id IN (SELECT entity_id FROM person_links))
SELECT 'articles.article_id unique' AS check_name, (SELECT count(*) FROM dup_article_id) AS violations,
       (SELECT min(k) FROM dup_article_id) AS example
UNION ALL SELECT 'articles.source_name unique', (SELECT count(*) FROM dup_source_name), (SELECT min(k) FROM dup_source_name)
UNION ALL SELECT 'mentions.mention_id unique', (SELECT count(*) FROM dup_mention), (SELECT min(k) FROM dup_mention)
UNION ALL SELECT 'quotes.quote_id unique', (SELECT count(*) FROM dup_quote), (SELECT min(k) FROM dup_quote)
UNION ALL SELECT 'meeting_reports key unique', (SELECT count(*) FROM dup_report), (SELECT min(k) FROM dup_report)
UNION ALL SELECT 'meetings.meeting_id unique', (SELECT count(*) FROM dup_meeting), (SELECT min(k) FROM dup_meeting)
UNION ALL SELECT 'meeting_participants key unique', (SELECT count(*) FROM dup_participant),
                 (SELECT min(k) FROM dup_participant)
UNION ALL SELECT 'meeting_countries key unique', (SELECT count(*) FROM dup_country), (SELECT min(k) FROM dup_country)
UNION ALL SELECT 'meeting_sources key unique', (SELECT count(*) FROM dup_source), (SELECT min(k) FROM dup_source)
UNION ALL SELECT 'mentions.article_id resolves', (SELECT count(*) FROM orphan_mention_article),
                 (SELECT min(k) FROM orphan_mention_article)
UNION ALL SELECT 'mentions.entity_id resolves', (SELECT count(*) FROM orphan_mention_entity),
                 (SELECT min(k) FROM orphan_mention_entity)
UNION ALL SELECT 'quotes.article_id resolves', (SELECT count(*) FROM orphan_quote_article),
                 (SELECT min(k) FROM orphan_quote_article)
UNION ALL SELECT 'quotes.speaker_entity_id resolves', (SELECT count(*) FROM orphan_quote_speaker),
                 (SELECT min(k) FROM orphan_quote_speaker)
UNION ALL SELECT 'meeting_reports.article_id resolves', (SELECT count(*) FROM orphan_report_article),
                 (SELECT min(k) FROM orphan_report_article)
UNION ALL SELECT 'meeting_participants.meeting_id resolves', (SELECT count(*) FROM orphan_participant_meeting),
                 (SELECT min(k) FROM orphan_participant_meeting)
UNION ALL SELECT 'meeting_participants.entity_id resolves', (SELECT count(*) FROM orphan_participant_entity),
                 (SELECT min(k) FROM orphan_participant_entity)
UNION ALL SELECT 'meeting_countries.meeting_id resolves', (SELECT count(*) FROM orphan_country_meeting),
                 (SELECT min(k) FROM orphan_country_meeting)
UNION ALL SELECT 'meeting_sources.meeting_id resolves', (SELECT count(*) FROM orphan_source_meeting),
                 (SELECT min(k) FROM orphan_source_meeting)
UNION ALL SELECT 'meeting_sources report resolves', (SELECT count(*) FROM orphan_source_report),
                 (SELECT min(k) FROM orphan_source_report)
UNION ALL SELECT 'meetings have a source', (SELECT count(*) FROM meeting_without_source),
                 (SELECT min(k) FROM meeting_without_source)
UNION ALL SELECT 'person_links.entity_id unique', (SELECT count(*) FROM dup_person_link),
                 (SELECT min(k) FROM dup_person_link)
UNION ALL SELECT 'person_links.entity_id is a one-word NER person', (SELECT count(*) FROM person_link_not_twin),
                 (SELECT min(k) FROM person_link_not_twin)
UNION ALL SELECT 'person_links.canonical_id is a person', (SELECT count(*) FROM person_link_not_person),
                 (SELECT min(k) FROM person_link_not_person)
UNION ALL SELECT 'person_links have no chain', (SELECT count(*) FROM person_link_chain),
                 (SELECT min(k) FROM person_link_chain);
