-- person_links, recomputed whole after a run's facts are loaded (load.py: link_people), so it is current-state and
-- a rerun gives the same rows. batch_person_keys holds the folded surname keys (knowledge/kb.py: surname_keys) of
-- the persons that share a key with a one-word person: (entity_id, surname, one_word); batch_person_titles the
-- lexicon's words written before a person's name (honorific, person_title, office_noun: "Mr", "Lord", "Minister").
-- A one-word NER person (the twin) is shown as the one rival of its surname that fits in time: a multi-word person
-- (knowledge base or NER), or a one-word knowledge-base person (an Archigos leader known by surname only), which
-- is never a target but makes the surname ambiguous. Two rivals that fit: no link (the articles do not say which).
-- The twin must be written as a person at least once: a title right before it or in its surface ("Mr Letwin",
-- "Lord Goldsmith", "Prime Minister Thatcher"), an office the NLP resolved to it ("the Attorney General"), or a quote
-- it speaks. A one-word span the parser typed PERSON with none of these is as often a town, a bill or a company
-- ("from Bolton", "the Bill", "Swan Hunter"), and the surname of a person elsewhere only by chance.
-- Fitting in time: the twin's dated articles lie within 365 days of the rival's first and last seen. A year is the
-- span of one news story's follow-ups and of a yearly corpus (the BBC's 2004-2005, Reuters' 1987), and keeps apart
-- namesakes of different decades ("Bush" of 1987 and of 2005). Without a date on either side time cannot tell them
-- apart: the rival fits, and the reason says so.
DELETE FROM person_links;
INSERT INTO person_links (entity_id, canonical_id, reason)
WITH keyed AS (
    SELECT k.entity_id, k.surname, k.one_word, e.source
    FROM batch_person_keys k JOIN entities e ON e.entity_id = k.entity_id AND e.type = 'PERSON'
), pairs AS (
    SELECT DISTINCT t.entity_id, r.entity_id AS rival_id, r.one_word AS rival_one_word
    FROM keyed t JOIN keyed r ON r.surname = t.surname AND (NOT r.one_word OR r.source = 'kb')
    WHERE t.one_word AND t.source = 'ner'
), twin_mentions AS MATERIALIZED (
    SELECT entity_id, article_id, start_char, surface, method FROM mentions
    WHERE entity_id IN (SELECT entity_id FROM pairs)
), said AS (  -- evidence the mention rows hold: an office resolved to it, a title in the surface, a quote it speaks
    SELECT entity_id FROM twin_mentions
    WHERE method IN ('title', 'role')
       OR contains(surface, ' ') AND lower(split_part(surface, ' ', 1)) IN (SELECT word FROM batch_person_titles)
    UNION
    SELECT speaker_entity_id FROM quotes WHERE speaker_entity_id IN (SELECT entity_id FROM pairs)
), to_read AS (  -- else the word before it in the body, for at most 20 of its mentions: in article-id order (a hash,
                 -- so a fair sample), the cost does not grow with the warehouse (a body is read per mention)
    SELECT * FROM twin_mentions ANTI JOIN said USING (entity_id)
    QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY article_id, start_char) <= 20
), evidenced AS (
    SELECT entity_id FROM said
    UNION
    SELECT t.entity_id FROM to_read t JOIN articles a ON a.article_id = t.article_id
    WHERE lower(regexp_extract(right(substr(a.body, 1, t.start_char), 30), '(\S+)\s+$', 1))
          IN (SELECT word FROM batch_person_titles)
), seen AS MATERIALIZED (
    SELECT m.entity_id, min(a.published_date) AS first_seen, max(a.published_date) AS last_seen
    FROM mentions m JOIN articles a ON a.article_id = m.article_id
    WHERE m.entity_id IN (SELECT rival_id FROM pairs)
    GROUP BY m.entity_id
    UNION ALL
    SELECT t.entity_id, min(a.published_date), max(a.published_date)
    FROM twin_mentions t JOIN articles a ON a.article_id = t.article_id
    GROUP BY t.entity_id
), fitting AS (
    SELECT p.entity_id, p.rival_id, p.rival_one_word, t.first_seen IS NULL OR r.first_seen IS NULL AS undated
    FROM pairs p
    SEMI JOIN evidenced USING (entity_id)
    LEFT JOIN seen t ON t.entity_id = p.entity_id
    LEFT JOIN seen r ON r.entity_id = p.rival_id
    WHERE t.first_seen IS NULL OR r.first_seen IS NULL
       OR (t.first_seen >= r.first_seen - 365 AND t.last_seen <= r.last_seen + 365)
)
SELECT entity_id, min(rival_id), CASE WHEN bool_or(undated) THEN 'surname_undated' ELSE 'surname_dated' END
FROM fitting
GROUP BY entity_id
HAVING count(DISTINCT rival_id) = 1 AND NOT bool_or(rival_one_word);
