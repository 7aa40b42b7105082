-- All mentions with their article's input name, in scan order (see all_articles.sql).
select a.source_name, m.entity_name, m.surface from bi.mentions m join bi.articles a using (article_id)
