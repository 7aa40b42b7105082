-- People by mention count (bi.top_entities), each with the ids of other people that look like the same person:
-- the same first and last name word ("George Bush" / "George W. Bush"), or a one-word name that is the other's
-- last word ("Blair" beside "Tony Blair"). The issue 25 check: on one corpus, no row should have a twin.
WITH people AS (
    SELECT entity_id, entity_name, mentions, articles,
           lower(split_part(entity_name, ' ', 1)) AS first_word,
           lower(regexp_extract(entity_name, '(\S+)$', 1)) AS last_word,
           entity_name NOT LIKE '% %' AS one_word
    FROM bi.top_entities
    WHERE entity_type = 'PERSON'
)
SELECT p.entity_id, p.entity_name, p.mentions, p.articles,
       list(t.entity_name ORDER BY t.mentions DESC) FILTER (WHERE t.entity_id IS NOT NULL) AS twins
FROM people p
LEFT JOIN people t ON t.entity_id <> p.entity_id AND t.last_word = p.last_word
     AND ((NOT p.one_word AND NOT t.one_word AND t.first_word = p.first_word) OR p.one_word <> t.one_word)
GROUP BY ALL
ORDER BY p.mentions DESC, p.entity_name
